package dev.dynauth.spring.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dynauth.AdapterSession;
import dev.dynauth.SessionTokens;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.jwt.SessionCookieChunks;
import dev.dynauth.spring.LogCapture;
import dev.dynauth.spring.dynamodb.DynauthHealthIndicator;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Status;

/**
 * Session behaviour that both stacks must share, written once: each case runs against the servlet app
 * ({@link ServletSessionBehaviourTest}, MockMvc) and the reactive app ({@link ReactiveSessionBehaviourTest}, a real Netty
 * server), both with {@code dynauth.session.strategy=database,jwt}; JWTs are minted with the application's secret. Covers Auth.js cookies of both
 * kinds, {@code Authorization: Bearer} as Auth.js's {@code getToken} reads it, malformed headers and hostile cookies,
 * Auth.js's sliding expiry, sign-out, chunked JWT cookies, and the session JSON (cases moved here from the servlet-only
 * SessionCookieTest, JwtSessionTest and SessionReadFailsClosedTest with their assertions).
 */
abstract class SessionBehaviourCases extends SignedInUserFixture {

    /** The application's Auth.js secret: the cases' JWTs are the application's own. */
    @Value("${dynauth.secret}") String secret;

    static final String COOKIE = "authjs.session-token";
    /** The chunks Auth.js writes and dynauth reads and clears: .0 to .7 (the session package's MAX_CHUNKS). */
    static final int MAX_CHUNKS = 8;
    static final Map<String, String> HTML = Map.of("Accept", "text/html");

    @Autowired DynauthHealthIndicator health;

    /** One request's answer, whatever the stack. */
    record Answer(int status, String body, List<String> setCookies) {
        /** The first Set-Cookie of the cookie {@code name}; null: none. */
        String setCookie(String name) {
            return setCookies.stream().filter(h -> h.startsWith(name + "=")).findFirst().orElse(null);
        }
    }

    /** How a case sends a GET (Accept: application/json unless {@code headers} has one) with cookies and headers. */
    abstract Answer get(String path, Map<String, String> cookies, Map<String, String> headers) throws Exception;

    /** A form POST with the cookies, and with the CSRF token a browser's sign-in page gives when {@code csrf}. */
    abstract Answer post(String path, Map<String, String> cookies, boolean csrf) throws Exception;

    /**
     * Adapter calls of the operation (null: all) as the metered adapter counts them; empty where session reads bypass
     * the adapter (the reactive side reads in one async {@code BatchGetItem}, counted by core's AsyncSessionRequestsTest).
     */
    OptionalLong adapterCalls(String operation) {
        return OptionalLong.empty();
    }

    private void assertCalls(String operation, OptionalLong before, long more, String message) {
        if (before.isPresent()) {
            assertEquals(before.getAsLong() + more, adapterCalls(operation).getAsLong(), message);
        }
    }

    private AuthJsJwt codec(String cookie) {
        return AuthJsJwt.builder().cookieName(cookie).secrets(secret).clock(clock).build();
    }

    private String jwt() {
        return AuthJsJwt.builder().secrets(List.of(secret)).cookieName("authjs.session-token").clock(clock).build()
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

    // ---- moved from SessionCookieTest (database sessions in the Auth.js cookie) -------------------------------

    @Test
    void aSessionCreatedByAuthJsSignsARequestIn() throws Exception {
        Answer me = get("/me", Map.of(COOKIE, authJsSession()), HTML);
        assertEquals(200, me.status());
        assertEquals(user.id() + " " + user.email(), me.body());
        assertTrue(me.setCookies().stream().noneMatch(h -> h.startsWith(COOKIE)), "a fresh session is not re-issued");
    }

    @Test
    void unknownOrOverlongTokensAreRejectedAndTheCookieCleared() throws Exception {
        for (String bad : new String[] {UUID.randomUUID().toString(), "x".repeat(5000), "eyJhbGciOiJIUzI1NiJ9.e30.sig"}) {
            Answer r = get("/me", Map.of(COOKIE, bad), Map.of());
            assertEquals(401, r.status());
            String cleared = r.setCookie(COOKIE);
            assertNotNull(cleared, "cookie cleared");
            assertTrue(cleared.contains("Max-Age=0"), cleared);
        }
    }

    @Test
    void slidingExpiryFollowsAuthJs() throws Exception {
        String token = authJsSession();
        Instant created = clock.instant();
        Map<String, String> cookies = Map.of(COOKIE, token);

        // younger than updateAge (24 h): no write, no cookie
        clock.set(created.plus(Duration.ofHours(23)));
        Answer young = get("/me", cookies, HTML);
        assertEquals(200, young.status());
        assertNull(young.setCookie(COOKIE));
        assertEquals(created.plus(Duration.ofDays(30)), adapter.getSessionAndUser(token).orElseThrow().session().expires());

        // expires - maxAge + updateAge <= now: extended to now + maxAge and the cookie re-issued
        clock.set(created.plus(Duration.ofHours(24)));
        Answer old = get("/me", cookies, HTML);
        assertEquals(200, old.status());
        String reissued = old.setCookie(COOKIE);
        assertNotNull(reissued, "cookie re-issued on extension");
        assertTrue(reissued.startsWith(COOKIE + "=" + token + ";"), reissued);
        assertTrue(reissued.contains("Max-Age=" + Duration.ofDays(30).toSeconds()), reissued);
        assertEquals(clock.instant().plus(Duration.ofDays(30)), adapter.getSessionAndUser(token).orElseThrow().session().expires());

        // the next request within updateAge writes nothing again
        clock.advance(Duration.ofHours(1));
        Answer next = get("/me", cookies, HTML);
        assertEquals(200, next.status());
        assertNull(next.setCookie(COOKIE));

        // past expiry: signed out, cookie cleared, session gone; the adapter alone decides that it expired
        // (one read, no update, no delete: the table's TTL removes the item)
        clock.advance(Duration.ofDays(31));
        OptionalLong reads = adapterCalls("getSessionAndUser");
        OptionalLong total = adapterCalls(null);
        Answer expired = get("/me", cookies, Map.of());
        assertEquals(401, expired.status());
        assertTrue(expired.setCookie(COOKIE).contains("Max-Age=0"));
        assertCalls("getSessionAndUser", reads, 1, "one read");
        assertCalls(null, total, 1, "nothing but the read");
        assertTrue(adapter.getSessionAndUser(token).isEmpty());
    }

    @Test
    void signOutDeletesTheSessionAndClearsTheCookie() throws Exception {
        String token = authJsSession();
        Map<String, String> cookies = Map.of(COOKIE, token);
        // without a CSRF token sign-out is refused
        assertEquals(403, post("/api/auth/signout", cookies, false).status());
        assertTrue(adapter.getSessionAndUser(token).isPresent());

        Answer out = post("/api/auth/signout", cookies, true);
        assertEquals(302, out.status());
        assertTrue(adapter.getSessionAndUser(token).isEmpty(), "session deleted");
        assertTrue(out.setCookie(COOKIE).contains("Max-Age=0"));
        assertEquals(302, get("/me", cookies, HTML).status());
    }

    @Test
    void legacyNextAuthCookieIsIgnoredUnlessEnabled() throws Exception {
        assertEquals(302, get("/me", Map.of("next-auth.session-token", authJsSession()), HTML).status());
    }

    @Test
    void sessionEndpointAndHealth() throws Exception {
        assertEquals("{}", get("/api/auth/session", Map.of(), HTML).body());
        String token = authJsSession();
        String json = get("/api/auth/session", Map.of(COOKIE, token), HTML).body();
        assertTrue(json.contains("\"id\":\"" + user.id() + "\""), json);
        assertFalse(json.contains(token), "token never in the body");
        assertEquals(Status.UP, health.health().getStatus());
    }

    // ---- moved from SessionReadFailsClosedTest ------------------------------------------------------------

    @Test
    void malformedSessionCookiesSignNobodyIn() throws Exception {
        String token = SessionTokens.issue(user.id());
        adapter.createSession(new AdapterSession(token, user.id(), clock.instant().plus(Duration.ofDays(30))));
        String owner = token.substring(0, token.indexOf('.'));
        for (String bad : List.of(owner + "." + UUID.randomUUID(), owner, owner + ".", token + "x", token.toUpperCase(),
                token + "." + token, "a.b.c.d.e", token.replace('.', '_'), " " + token, token.substring(1))) {
            Answer r = get("/api/auth/session", Map.of(COOKIE, bad), HTML);
            assertTrue(r.status() < 500, bad);
            assertFalse(r.body().contains(user.email()), bad);
            assertEquals(302, get("/me", Map.of(COOKIE, bad), HTML).status(), bad);
        }
    }

    // ---- moved from JwtSessionTest (Auth.js JWT cookies) --------------------------------------------------

    @Test
    void chunkedCookiesAreReadAndStaleChunksCleared() throws Exception {
        String big = codec(COOKIE).encode(Map.of("sub", user.id(), "email", user.email(), "padding", "p".repeat(6000)),
                Duration.ofDays(30));
        List<SessionCookieChunks.Chunk> chunks = SessionCookieChunks.split(COOKIE, big, SessionCookieChunks.AUTHJS_CHUNK_SIZE);
        assertTrue(chunks.size() >= 2);
        Map<String, String> bigCookies = new LinkedHashMap<>();
        chunks.forEach(c -> bigCookies.put(c.name(), c.value()));
        assertEquals(200, get("/me", bigCookies, HTML).status(), "the chunks are joined");

        // a short token in three chunks (as if written with a smaller limit): renewal writes one cookie
        String small = codec(COOKIE).encode(Map.of("sub", user.id(), "email", user.email()), Duration.ofDays(30));
        List<SessionCookieChunks.Chunk> three = SessionCookieChunks.split(COOKIE, small, small.length() / 3 + 1);
        assertEquals(3, three.size());
        Map<String, String> threeCookies = new LinkedHashMap<>();
        three.forEach(c -> threeCookies.put(c.name(), c.value()));
        clock.advance(Duration.ofHours(25));
        Answer renewed = get("/me", threeCookies, HTML);
        assertEquals(200, renewed.status());
        assertNotNull(renewed.setCookie(COOKIE), "renewed as one cookie");
        for (int i = 0; i < 3; i++) {
            assertTrue(renewed.setCookie(COOKIE + "." + i).contains("Max-Age=0"), "stale chunk " + i + " cleared");
        }
        String one = renewed.setCookie(COOKIE);
        assertEquals(java.util.Optional.of(user.id()),
                codec(COOKIE).decode(one.substring(COOKIE.length() + 1, one.indexOf(';'))).orElseThrow().subject());

        // and a big renewal is written in chunks
        clock.advance(Duration.ofHours(25));
        Answer bigRenewed = get("/me", bigCookies, HTML);
        assertEquals(200, bigRenewed.status());
        assertNotNull(bigRenewed.setCookie(COOKIE + ".0"));
        assertNotNull(bigRenewed.setCookie(COOKIE + ".1"));
        assertTrue(bigRenewed.setCookies().stream().allMatch(h -> h.length() < 4096), "each cookie within Auth.js's limit");
    }

    /** ~100 made-up chunk names: a bounded number of clearing cookies, never a 500 (the response header overflowed). */
    @Test
    void manyMadeUpChunkNamesAreNeverA500() throws Exception {
        String forged = codec("x").encode(Map.of("sub", user.id()), Duration.ofDays(1));
        Map<String, String> cookies = new LinkedHashMap<>();
        cookies.put(COOKIE + ".0", forged);
        for (int i = 1; i <= 100; i++) {
            cookies.put(COOKIE + "." + i, "x");
        }
        cookies.put(COOKIE + ".007", "x");
        try (LogCapture logs = LogCapture.start_()) {
            Answer r = get("/me", cookies, HTML);
            assertEquals(302, r.status());
            assertTrue(r.setCookies().size() <= 4 * (MAX_CHUNKS + 1) + 2,
                    r.setCookies().size() + " Set-Cookie headers");
            assertTrue(r.setCookie(COOKIE + ".0").contains("Max-Age=0"), "the refused token is cleared");
            assertNull(r.setCookie(COOKIE + ".99"), "made-up chunks beyond what Auth.js writes are left alone");
            assertTrue(logs.withStackTraces().isEmpty(), String.join("\n", logs.lines));
        }
    }
}
