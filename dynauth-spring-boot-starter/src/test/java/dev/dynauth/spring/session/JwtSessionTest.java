package dev.dynauth.spring.session;

import dev.dynauth.spring.Browser;
import dev.dynauth.spring.LogCapture;
import dev.dynauth.spring.app.DynauthAppTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.jwt.AuthJsToken;
import dev.dynauth.spring.app.TestApp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * {@code dynauth.session.strategy=jwt}: Auth.js JWT session cookies through the real filter chain. Chunked cookies and
 * made-up chunk names run on both stacks in {@code stacks.SessionBehaviourCases} (its apps accept JWTs too).
 */
// one context with PlainJwtAccountTest: the same application and properties (passkeys on change nothing here)
@DynauthAppTest(classes = {TestApp.class, JwtSessionTest.Claims.class}, properties = {"dynauth.session.strategy=jwt",
        "dynauth.passkeys.enabled=true", "dynauth.passkeys.rp-id=localhost", "dynauth.passkeys.allowed-origins=http://localhost"})
class JwtSessionTest {

    static final String COOKIE = "authjs.session-token";
    static final String SECRET = "test-secret-not-for-production";

    @TestConfiguration
    static class Claims {
        /** An application's claims, as an Auth.js jwt callback adds them at sign-in. */
        @Bean
        JwtClaimsCustomizer roleClaim() {
            return (user, claims) -> claims.put("role", user.email() != null && user.email().startsWith("admin") ? "admin" : "user");
        }
    }

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;
    @Autowired TestApp.CapturingSender sender;
    @Autowired MeterRegistry meters;

    Browser browser;

    @BeforeEach
    void setUp() {
        browser = new Browser(mvc);
    }

    AuthJsJwt codec(String cookie) {
        return AuthJsJwt.builder().cookieName(cookie).secrets(SECRET).clock(clock).build();
    }

    long adapterCalls() {
        return meters.find("dynauth.adapter.calls").timers().stream().mapToLong(Timer::count).sum();
    }

    String signInWithMagicLink(String email) throws Exception {
        MvcResult page = browser.get("/api/auth/signin");
        browser.post("/api/auth/signin/email", Map.of("email", email, "callbackUrl", "/me", "_csrf", Browser.csrfField(page)));
        MvcResult callback = browser.get(sender.last().url().substring("http://localhost".length()));
        assertEquals(302, callback.getResponse().getStatus());
        String value = browser.cookies.get(COOKIE);
        assertNotNull(value, "the callback sets the JWT session cookie: " + browser.setCookieHeaders);
        return value;
    }

    @Test
    void aMagicLinkSignInIssuesAnAuthJsTokenWithTheDefaultAndTheAppsClaims() throws Exception {
        String email = "admin-" + UUID.randomUUID() + "@example.com";
        String cookie = signInWithMagicLink(email);
        assertEquals(5, cookie.split("\\.", -1).length, "a JWE, not a session token");
        AdapterUser user = adapter.getUserByEmail(email).orElseThrow();
        AuthJsToken token = codec(COOKIE).decode(cookie).orElseThrow(() -> new AssertionError("Auth.js's key and salt decode it"));
        assertEquals(Optional.of(user.id()), token.subject());
        assertEquals(Optional.of(email), token.email());
        assertEquals(Optional.of("admin"), token.claim("role"));
        assertEquals(clock.instant().getEpochSecond(), token.issuedAt().orElseThrow().getEpochSecond());
        assertEquals(clock.instant().plus(Duration.ofDays(30)).getEpochSecond(), token.expiresAt().getEpochSecond());
        assertTrue(adapter.getSessionAndUser(cookie).isEmpty());
        assertTrue(browser.setCookie(COOKIE).contains("HttpOnly") && browser.setCookie(COOKIE).contains("SameSite=Lax"));

        long before = adapterCalls();
        MvcResult me = browser.get("/me");
        assertEquals(200, me.getResponse().getStatus());
        assertEquals(user.id() + " " + email, me.getResponse().getContentAsString());
        assertEquals(before, adapterCalls(), "a JWT request makes no DynamoDB request");
        assertNull(browser.setCookie(COOKIE), "a fresh token is not re-issued");

        String json = browser.get("/api/auth/session").getResponse().getContentAsString();
        assertTrue(json.contains("\"id\":\"" + user.id() + "\"") && json.contains(email), json);
    }

    @Test
    void theTokenSlidesAfterUpdateAgeAndExpiresAfterMaxAge() throws Exception {
        String first = signInWithMagicLink("slide-" + UUID.randomUUID() + "@example.com");
        clock.advance(Duration.ofHours(23));
        browser.get("/me");
        assertNull(browser.setCookie(COOKIE), "younger than updateAge (24 h): kept");

        clock.advance(Duration.ofHours(2));
        assertEquals(200, browser.get("/me").getResponse().getStatus());
        String renewed = browser.cookies.get(COOKIE);
        assertNotEquals(first, renewed, "re-issued");
        AuthJsToken t = codec(COOKIE).decode(renewed).orElseThrow();
        assertEquals(clock.instant().plus(Duration.ofDays(30)).getEpochSecond(), t.expiresAt().getEpochSecond());
        assertEquals(Optional.of("user"), t.claim("role"), "the claims are kept");

        clock.advance(Duration.ofDays(30).plusSeconds(16));
        MvcResult expired = browser.get("/me");
        assertEquals(302, expired.getResponse().getStatus(), "expired: signed out");
        assertTrue(browser.setCookie(COOKIE).contains("Max-Age=0"), "and the cookie cleared");
    }

    @Test
    void refusedTokensAreClearedAndDatabaseCookiesAreNotSessionsInJwtMode() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        String other = AuthJsJwt.builder().cookieName(COOKIE).secrets("another-secret").clock(clock).build()
                .encode(Map.of("sub", user.id()), Duration.ofDays(1));
        browser.cookies.put(COOKIE, other);
        assertEquals(302, browser.get("/me").getResponse().getStatus(), "another secret");
        assertTrue(browser.setCookie(COOKIE).contains("Max-Age=0"));

        String wrongSalt = codec("__Secure-" + COOKIE).encode(Map.of("sub", user.id()), Duration.ofDays(1));
        browser.cookies.clear(); // a fresh browser: the refusal's redirect left a request-cache cookie
        browser.cookies.put(COOKIE, wrongSalt);
        assertEquals(302, browser.get("/me").getResponse().getStatus(), "the other cookie name's key");

        String uuid = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(uuid, user.id(), clock.instant().plus(Duration.ofDays(1))));
        browser.cookies.clear();
        browser.cookies.put(COOKIE, uuid);
        long before = adapterCalls();
        assertEquals(302, browser.get("/me").getResponse().getStatus(), "jwt only: a database session does not sign in");
        assertEquals(before, adapterCalls(), "and is not even looked up");

        browser.cookies.clear();
        browser.cookies.put(COOKIE, codec(COOKIE).encode(Map.of("sub", user.id()), Duration.ofDays(1)));
        assertEquals(200, browser.get("/me").getResponse().getStatus(), "the control: the right key signs in");
    }

    @Test
    void signOutClearsTheCookie() throws Exception {
        signInWithMagicLink("out-" + UUID.randomUUID() + "@example.com");
        MvcResult page = browser.get("/api/auth/signin");
        MvcResult out = browser.post("/api/auth/signout", Map.of("_csrf", Browser.csrfField(page)));
        assertEquals(302, out.getResponse().getStatus());
        assertTrue(browser.setCookie(COOKIE).contains("Max-Age=0"));
        assertFalse(browser.cookies.containsKey(COOKIE));
        assertEquals(302, browser.get("/me").getResponse().getStatus());
    }

    @Test
    void nothingSecretInTheAuthenticationsToString() throws Exception {
        String cookie = signInWithMagicLink("str-" + UUID.randomUUID() + "@example.com");
        browser.get("/me");
        AuthJsToken token = codec(COOKIE).decode(cookie).orElseThrow();
        DynauthJwtAuthentication auth = new DynauthJwtAuthentication(AdapterUser.builder().id("u").build(), token);
        assertFalse(auth.toString().contains(cookie));
        assertNull(auth.getCredentials());
        assertEquals(Instant.ofEpochSecond(token.expiresAt().getEpochSecond()), auth.session().expires());
    }

    /** Next.js on {@code database} beside this service on {@code jwt}: its session cookie is never cleared here. */
    @Test
    void aDatabaseSessionCookieIsLeftAloneInJwtModeWithOneWarning() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        String uuid = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(uuid, user.id(), clock.instant().plus(Duration.ofDays(1))));
        try (LogCapture logs = LogCapture.start_()) {
            for (String path : new String[] {"/me", "/api/auth/session", "/me"}) {
                browser.cookies.put(COOKIE, uuid);
                assertTrue(browser.get(path).getResponse().getStatus() < 500, path);
                assertNull(browser.setCookie(COOKIE), "never cleared on " + path);
            }
            List<String> warnings = logs.lines.stream()
                    .filter(l -> l.startsWith("WARN") && l.contains("looks like an Auth.js database session")).toList();
            assertEquals(1, warnings.size(), String.join("\n", logs.lines));
            assertTrue(warnings.get(0).contains("dynauth.session.strategy=database"), warnings.get(0));
            assertFalse(warnings.get(0).contains(uuid), "no token in the log");
        }
        assertNotNull(adapter.getSessionAndUser(uuid).orElse(null), "nor deleted");
    }
}
