package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.reactive.UnderBlockHound;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * {@link SignInOverHttpCases} on WebFlux (Netty), plus what only the reactive side has: {@code /api/auth/csrf}. Magic
 * links (request, confirmation, callback) run {@link UnderBlockHound under BlockHound}: a blocking call on an event
 * loop fails the case.
 */
@UnderBlockHound
class ReactiveSignInOverHttpTest extends SignInOverHttpCases {

    @Test
    void csrfEndpointGivesTheTokenAFormPostNeeds() throws Exception {
        HttpResponse<String> csrf = get("/api/auth/csrf");
        assertEquals(200, csrf.statusCode());
        assertTrue(csrf.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("no-store", csrf.headers().firstValue("Cache-Control").orElseThrow());
        String token = csrf.body().replaceAll("^\\{\"csrfToken\":\"([^\"]+)\"}$", "$1");
        assertTrue(!token.isEmpty() && !token.equals(csrf.body()), csrf.body());
        assertTrue(jar.getCookieStore().getCookies().stream().anyMatch(c -> c.getName().equals("XSRF-TOKEN")));
        HttpResponse<String> sent = post("/api/auth/signin/email", "email=csrf%40example.com&_csrf=" + enc(token));
        assertEquals(302, sent.statusCode(), sent.body());
    }
}
