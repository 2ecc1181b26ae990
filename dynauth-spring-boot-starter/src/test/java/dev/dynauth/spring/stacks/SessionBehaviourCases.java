package dev.dynauth.spring.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.jwt.AuthJsJwt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Session behaviour that both stacks must share, written once: each case runs against the servlet app
 * ({@link ServletSessionBehaviourTest}, MockMvc) and the reactive app ({@link ReactiveSessionBehaviourTest}, a real Netty
 * server), both with {@code dynauth.session.strategy=database,jwt} and the same secret. Covers Auth.js cookies of both
 * kinds, {@code Authorization: Bearer} as Auth.js's {@code getToken} reads it, malformed headers and hostile cookies.
 */
abstract class SessionBehaviourCases extends SignedInUserFixture {

    static final String SECRET = "stacks-secret";

    /** One request's answer, whatever the stack. */
    record Answer(int status, String body, List<String> setCookies) {}

    /** How a case sends a GET (Accept: application/json) with cookies and headers. */
    abstract Answer get(String path, Map<String, String> cookies, Map<String, String> headers) throws Exception;

    private String jwt() {
        return AuthJsJwt.builder().secrets(List.of(SECRET)).cookieName("authjs.session-token").clock(clock).build()
                .encode(Map.of("sub", user.id(), "email", user.email()), Duration.ofDays(30));
    }

    private Answer me(Map<String, String> cookies, Map<String, String> headers) throws Exception {
        return get("/me", cookies, headers);
    }

    @Test
    void anAuthJsDatabaseSessionAndAnAuthJsJwtSignIn() throws Exception {
        assertEquals(user.id() + " " + user.email(), me(Map.of("authjs.session-token", authJsSession()), Map.of()).body());
        assertEquals(user.id() + " " + user.email(), me(Map.of("authjs.session-token", jwt()), Map.of()).body());
        Answer json = get("/api/auth/session", Map.of("authjs.session-token", jwt()), Map.of());
        assertTrue(json.body().startsWith("{\"user\":{\"id\":\"" + user.id() + "\""), json.body());
    }

    @Test
    void aBearerJweOrDatabaseTokenSignsInWithoutACookie() throws Exception {
        for (String token : List.of(jwt(), authJsSession())) {
            Answer a = me(Map.of(), Map.of("Authorization", "Bearer " + token));
            assertEquals(200, a.status(), a.body());
            assertEquals(user.id() + " " + user.email(), a.body());
            assertTrue(a.setCookies().stream().noneMatch(c -> c.contains("session-token")), a.setCookies().toString());
        }
        // URL-encoded, as Auth.js decodes it (decodeURIComponent)
        String encoded = authJsSession().replace("-", "%2D");
        assertEquals(200, me(Map.of(), Map.of("Authorization", "Bearer " + encoded)).status());
    }

    @Test
    void aMalformedOrUnknownBearerHeaderIsA401NeverA500() throws Exception {
        for (String header : List.of("Bearer %zz", "Bearer %", "Bearer ", "Bearer", "Bearer a.b.c.d.e",
                "Bearer " + "x".repeat(6_000), "Bearer " + UUID.randomUUID(), "bearer " + authJsSession(),
                "Basic dXNlcjpwYXNz", "Bearer %E0%A4%A")) {
            Answer a = me(Map.of(), Map.of("Authorization", header));
            // (a header beyond the server's 8 KB limit is refused before dynauth sees it: 431 on Netty, 400 on Tomcat)
            assertEquals(401, a.status(), header.length() > 60 ? header.substring(0, 60) : header);
        }
    }

    @Test
    void hostileSessionCookiesSignNobodyInAndAreNeverA5xx() throws Exception {
        Map<String, String> chunks = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            chunks.put("authjs.session-token." + i, "eyJ" + i);
        }
        for (Map<String, String> cookies : List.of(Map.of("authjs.session-token", "x".repeat(3000)),
                Map.of("authjs.session-token", "a.b.c.d.e"), Map.of("authjs.session-token", "%00%ff"),
                Map.of("__Secure-authjs.session-token", jwt().substring(5)), chunks,
                Map.of("authjs.session-token", user.id() + "." + "A".repeat(43)))) {
            Answer a = me(cookies, Map.of());
            assertEquals(401, a.status(), cookies.keySet().toString());
            assertFalse(a.setCookies().size() > 20, "one clearing Set-Cookie per made-up chunk: " + a.setCookies().size());
        }
    }

    @Test
    void anExpiredJwtIsRefusedAndCleared() throws Exception {
        String token = jwt();
        clock.advance(Duration.ofDays(31));
        Answer a = me(Map.of("authjs.session-token", token), Map.of());
        assertEquals(401, a.status());
        assertTrue(a.setCookies().stream().anyMatch(c -> c.startsWith("authjs.session-token=;") && c.contains("Max-Age=0")),
                a.setCookies().toString());
    }
}
