package dev.dynauth.spring.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** The public-URL rule reads a reactive request as it reads a servlet one. */
class RequestFactsTest {

    private static RequestFacts facts(String host, String local) {
        return RequestFacts.of(MockServerHttpRequest.get("http://" + host + "/api/auth/signin")
                .localAddress(new InetSocketAddress(local, 8080)).build());
    }

    @Test
    void aConfiguredUrlWinsOverTheHostHeader() {
        PublicUrl url = PublicUrl.of("https://app.example.com", false);
        assertEquals("https://app.example.com/api/auth/callback/email",
                url.absolute(facts("evil.example", "10.0.0.1"), "/api/auth/callback/email"));
        assertEquals("https://app.example.com", url.trustedOrigin(facts("evil.example", "10.0.0.1")));
    }

    @Test
    void withoutOneOnlyLoopbackIsServedAndALinkTakesTheSocketsPort() {
        PublicUrl none = PublicUrl.of(null, false);
        assertThrows(PublicUrl.UntrustedHostException.class,
                () -> none.absolute(facts("evil.example", "127.0.0.1"), "/x"));
        assertThrows(PublicUrl.UntrustedHostException.class,
                () -> none.absolute(facts("localhost", "10.0.0.1"), "/x"), "loopback name on a public socket");
        assertNull(none.trustedOrigin(facts("evil.example", "127.0.0.1")));
        assertEquals("http://localhost:8080/x", none.absolute(facts("localhost:1", "127.0.0.1"), "/x"));
        assertEquals("http://localhost:1", none.origin(facts("localhost:1", "127.0.0.1")), "the page's own origin");
    }

    @Test
    void trustingTheHostUsesIt() {
        PublicUrl trusted = PublicUrl.of(null, true);
        assertEquals("http://app.internal:8443/x", trusted.absolute(facts("app.internal:8443", "10.0.0.1"), "/x"));
        assertEquals("/p?q=1", RedirectPolicy.safeTarget(trusted.trustedOrigin(facts("app.internal:8443", "10.0.0.1")),
                "http://app.internal:8443/p?q=1", "/"));
        assertEquals("/", RedirectPolicy.safeTarget(trusted.trustedOrigin(facts("app.internal:8443", "10.0.0.1")),
                "http://evil.example/p", "/"));
    }
}
