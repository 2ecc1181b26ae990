package dev.dynauth.spring.session;

import dev.dynauth.spring.Browser;
import dev.dynauth.spring.MigrationWithRevocationTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.spring.app.TestApp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * {@code dynauth.session.strategy=database,jwt} (a migration: either cookie signs in, sign-in issues a
 * database session) with the opt-in revocation {@code dynauth.session.jwt.revoke-on-sign-out=true}.
 */
@MigrationWithRevocationTest
class JwtMigrationAndRevocationTest {

    static final String COOKIE = "authjs.session-token";

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;
    @Autowired TestApp.CapturingSender sender;
    @Autowired MeterRegistry meters;

    Browser browser;
    AdapterUser user;

    @BeforeEach
    void setUp() {
        browser = new Browser(mvc);
        user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").name("Mig").build());
    }

    String jwt() {
        return AuthJsJwt.builder().cookieName(COOKIE).secrets("test-secret-not-for-production").clock(clock).build()
                .encode(Map.of("sub", user.id(), "email", user.email()), Duration.ofDays(30));
    }

    long calls(String operation) {
        return meters.find("dynauth.adapter.calls").tag("operation", operation).timers().stream().mapToLong(Timer::count).sum();
    }

    long calls() {
        return meters.find("dynauth.adapter.calls").timers().stream().mapToLong(Timer::count).sum();
    }

    @Test
    void eitherCookieSignsInAndSignInIssuesTheFirstStrategy() throws Exception {
        String uuid = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(uuid, user.id(), clock.instant().plus(Duration.ofDays(30))));
        browser.cookies.put(COOKIE, uuid);
        assertEquals(200, browser.get("/me").getResponse().getStatus(), "a database session");

        browser.cookies.clear();
        browser.cookies.put(COOKIE, jwt());
        long before = calls();
        long getUser = calls("getUser");
        MvcResult me = browser.get("/me");
        assertEquals(200, me.getResponse().getStatus(), "a JWT");
        assertEquals(user.id() + " " + user.email(), me.getResponse().getContentAsString());
        assertEquals(1, calls() - before, "revocation on: exactly one DynamoDB request");
        assertEquals(1, calls("getUser") - getUser, "the user item's GetItem");

        // database listed first: a magic-link sign-in (here over a JWT cookie) creates a session item
        browser.cookies.clear();
        browser.cookies.put(COOKIE, jwt());
        MvcResult page = browser.get("/api/auth/signin");
        browser.post("/api/auth/signin/email", Map.of("email", user.email(), "_csrf", Browser.csrfField(page)));
        browser.get(sender.last().url().substring("http://localhost".length()));
        String cookie = browser.cookies.get(COOKIE);
        assertNotNull(cookie);
        assertFalse(DynauthJwtSessions.looksLikeJwt(cookie));
        assertEquals(user.id(), adapter.getSessionAndUser(cookie).orElseThrow().user().id());

        // and sign-out deletes it
        MvcResult again = browser.get("/api/auth/signin");
        assertEquals(302, browser.post("/api/auth/signout", Map.of("_csrf", Browser.csrfField(again))).getResponse().getStatus());
        assertTrue(adapter.getSessionAndUser(cookie).isEmpty(), "the database session is deleted");
        assertFalse(browser.cookies.containsKey(COOKIE));
    }

    @Test
    void signOutRevokesEveryTokenIssuedBeforeIt() throws Exception {
        String token = jwt();
        String otherDevice = jwt();
        browser.cookies.put(COOKIE, token);
        assertEquals(200, browser.get("/me").getResponse().getStatus());

        MvcResult page = browser.get("/api/auth/signin");
        assertEquals(302, browser.post("/api/auth/signout", Map.of("_csrf", Browser.csrfField(page))).getResponse().getStatus());
        assertTrue(browser.setCookie(COOKIE).contains("Max-Age=0"));
        Object stamp = adapter.getUser(user.id()).orElseThrow().attribute(DynauthJwtSessions.SIGNED_OUT_BEFORE);
        assertEquals(clock.instant().getEpochSecond(), ((Number) stamp).longValue(), "signedOutBefore on the user item");

        Browser thief = new Browser(mvc);
        thief.cookies.put(COOKIE, token);
        assertEquals(302, thief.get("/me").getResponse().getStatus(), "the signed-out token is refused everywhere");
        Browser other = new Browser(mvc);
        other.cookies.put(COOKIE, otherDevice);
        assertEquals(302, other.get("/me").getResponse().getStatus(), "and so is every older token of the user");

        clock.advance(Duration.ofSeconds(1));
        Browser fresh = new Browser(mvc);
        fresh.cookies.put(COOKIE, jwt());
        assertEquals(200, fresh.get("/me").getResponse().getStatus(), "a token issued after the sign-out signs in");
    }

    @Test
    void aDeletedUsersTokenIsRefused() throws Exception {
        browser.cookies.put(COOKIE, jwt());
        assertEquals(200, browser.get("/me").getResponse().getStatus());
        adapter.deleteUser(user.id());
        assertEquals(302, browser.get("/me").getResponse().getStatus());
    }
}
