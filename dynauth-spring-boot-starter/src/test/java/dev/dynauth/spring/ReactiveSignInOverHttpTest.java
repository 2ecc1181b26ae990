package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.reactive.ReactiveTestApp;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** {@link SignInOverHttpCases} on WebFlux (Netty), plus what only the reactive side has: {@code /api/auth/csrf}. */
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {ReactiveTestApp.REACTIVE, "server.address=127.0.0.1"})
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
