package dev.dynauth.spring.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.web.AuthPaths;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Each endpoint answers its own method and exact path, as the request spelled it, within the context path. */
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
}
