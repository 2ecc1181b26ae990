package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.app.TestApp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * "Sign out all other devices" (OWASP ASVS 7.4.3) with {@code jwt,database} and revocation: every other session ends,
 * JWTs and database sessions alike, on every instance (the record is on the user item), and this browser stays in.
 */
@DynauthAppTest(properties = {"dynauth.session.strategy=jwt,database",
        "dynauth.session.jwt.revoke-on-sign-out=true", "dynauth.passkeys.enabled=true"})
class SignOutOtherDevicesTest {

    static final String COOKIE = "authjs.session-token";

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;

    private Browser withJwt(AdapterUser user) {
        Browser b = new Browser(mvc);
        b.cookies.put(COOKIE, AuthJsJwt.builder().cookieName(COOKIE).secrets("test-secret-not-for-production").clock(clock)
                .build().encode(Map.of("sub", user.id(), "email", user.email()), Duration.ofDays(30)));
        return b;
    }

    @Test
    void everyOtherJwtAndDatabaseSessionEndsAndThisBrowserStays() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        Browser here = withJwt(user);
        Browser otherJwt = withJwt(user);
        String dbToken = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(dbToken, user.id(), clock.instant().plus(Duration.ofDays(30))));
        Browser otherDb = new Browser(mvc);
        otherDb.cookies.put(COOKIE, dbToken);
        for (Browser b : new Browser[] {here, otherJwt, otherDb}) {
            assertEquals(200, b.get("/me").getResponse().getStatus());
        }

        String page = here.get("/webauthn/register?done=added").getResponse().getContentAsString();
        assertTrue(page.contains("Sign out all other devices"), page);
        String before = here.cookies.get(COOKIE);
        MvcResult ended = here.post("/webauthn/register/signout-others", Map.of("_csrf", Browser.csrfField(
                here.get("/api/auth/signin"))));
        assertEquals("/webauthn/register?done=others", ended.getResponse().getRedirectedUrl());
        assertNotEquals(before, here.cookies.get(COOKIE), "this browser's token is re-issued");

        // in the same second as the revocation, as an attacker's copy would be tried at once
        assertEquals("{}", noUser(otherJwt, "/api/auth/session"), "the other device's JWT is refused");
        assertEquals(null, otherJwt.cookies.get(COOKIE), "and cleared");
        assertEquals(302, otherDb.get("/me").getResponse().getStatus(), "the database session is gone");
        assertTrue(adapter.getSessionAndUser(dbToken).isEmpty());
        assertEquals(200, here.get("/me").getResponse().getStatus(), "this browser stays signed in");
        assertTrue(here.get("/webauthn/register?done=others").getResponse().getContentAsString()
                .contains("Every other device was signed out."));

        // and its own later sign-out ends the kept token too
        clock.advance(Duration.ofSeconds(2));
        String kept = here.cookies.get(COOKIE);
        here.post("/api/auth/signout", Map.of("_csrf", Browser.csrfField(here.get("/api/auth/signin"))));
        Browser copy = new Browser(mvc);
        copy.cookies.put(COOKIE, kept);
        assertEquals(302, copy.get("/me").getResponse().getStatus(), "a copy of the kept token after sign-out");
        clock.reset();
    }

    @Test
    void aDatabaseSessionHereEndsTheOtherJwts() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        String dbToken = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(dbToken, user.id(), clock.instant().plus(Duration.ofDays(30))));
        Browser here = new Browser(mvc);
        here.cookies.put(COOKIE, dbToken);
        Browser otherJwt = withJwt(user);
        assertEquals(200, otherJwt.get("/me").getResponse().getStatus());
        here.post("/webauthn/register/signout-others", Map.of("_csrf", Browser.csrfField(here.get("/api/auth/signin"))));
        assertEquals(302, otherJwt.get("/me").getResponse().getStatus());
        assertEquals(200, here.get("/me").getResponse().getStatus());
        assertNotNull(adapter.getSessionAndUser(dbToken).orElse(null));
    }

    private static String noUser(Browser b, String path) throws Exception {
        String body = b.get(path).getResponse().getContentAsString();
        assertFalse(body.contains("@example.com"), body);
        return body.strip();
    }
}
