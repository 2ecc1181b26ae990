package dev.dynauth.spring.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.web.AuthPaths;
import org.junit.jupiter.api.Test;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Each endpoint answers its own method and exact path, as the request spelled it, within the context path; on both
 * stacks (a reactive endpoint's filter asks the same matcher with the exchange's raw path).
 */
class EndpointMatcherTest {

    private static MockHttpServletRequest request(String method, String contextPath, String uri) {
        MockHttpServletRequest r = new MockHttpServletRequest(method, uri);
        r.setContextPath(contextPath);
        return r;
    }

    @Test
    void readEndpointsAnswerGetAndHeadOfTheirExactPath() {
        EndpointMatcher session = EndpointMatcher.read(AuthPaths.SESSION);
        assertTrue(session.matches(request("GET", "", "/api/auth/session")));
        assertTrue(session.matches(request("HEAD", "", "/api/auth/session")));
        assertTrue(session.matches(request("GET", "/app", "/app/api/auth/session")));
        assertFalse(session.matches(request("POST", "", "/api/auth/session")));
        assertFalse(session.matches(request("GET", "", "/api/auth/session/")));
        assertFalse(session.matches(request("GET", "", "/api/auth/%73ession")), "never decoded");
        assertFalse(session.matches(request("GET", "", "/api/auth/session;x=1")), "path parameters are not stripped");
        assertFalse(session.matches(request("GET", "/app", "/api/auth/session")));
    }

    @Test
    void theOAuth2StartIsEveryPathUnderSignInButTheEmailOne() {
        EndpointMatcher start = EndpointMatcher.readUnder(AuthPaths.SIGNIN, AuthPaths.SIGNIN_EMAIL);
        assertTrue(start.matches(request("GET", "", "/api/auth/signin/github")));
        assertFalse(start.matches(request("GET", "", "/api/auth/signin/email")));
        assertFalse(start.matches(request("GET", "", "/api/auth/signin")));
        assertFalse(start.matches(request("POST", "", "/api/auth/signin/github")));
        assertTrue(EndpointMatcher.post(AuthPaths.SIGNIN_EMAIL).matches(request("POST", "", "/api/auth/signin/email")));
        assertFalse(EndpointMatcher.post(AuthPaths.SIGNIN_EMAIL).matches(request("GET", "", "/api/auth/signin/email")));
    }

    /** Whether the reactive filter of {@code matcher} serves the request (else it hands it down the chain). */
    private static boolean servedOnWebFlux(EndpointMatcher matcher, String method, String contextPath, String uri) {
        AtomicBoolean served = new AtomicBoolean();
        ReactiveEndpointFilter filter = new ReactiveEndpointFilter(matcher,
                new ReactivePages(ServerPageLayout.standard(), AuthPaths.SIGNIN), exchange -> {
                    served.set(true);
                    return Mono.empty();
                });
        MockServerHttpRequest request = MockServerHttpRequest.method(HttpMethod.valueOf(method), URI.create(uri))
                .contextPath(contextPath).build();
        filter.filter(MockServerWebExchange.from(request), exchange -> Mono.empty()).block();
        return served.get();
    }

    @Test
    void theReactiveFiltersAskTheSameRuleWithTheRawPath() {
        EndpointMatcher session = EndpointMatcher.read(AuthPaths.SESSION);
        assertTrue(servedOnWebFlux(session, "GET", "", "/api/auth/session"));
        assertTrue(servedOnWebFlux(session, "HEAD", "/app", "/app/api/auth/session"));
        assertFalse(servedOnWebFlux(session, "POST", "", "/api/auth/session"));
        assertFalse(servedOnWebFlux(session, "GET", "", "/api/auth/%73ession"), "never decoded");
        assertFalse(servedOnWebFlux(session, "GET", "", "/api/auth/session;x=1"), "path parameters are not stripped");
        EndpointMatcher start = EndpointMatcher.readUnder(AuthPaths.SIGNIN, AuthPaths.SIGNIN_EMAIL);
        assertTrue(servedOnWebFlux(start, "GET", "", "/api/auth/signin/github"));
        assertFalse(servedOnWebFlux(start, "GET", "", "/api/auth/signin/email"));
    }
}
