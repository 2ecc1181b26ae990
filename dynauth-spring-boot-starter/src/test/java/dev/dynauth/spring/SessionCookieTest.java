package dev.dynauth.spring;

import dev.dynauth.spring.app.DynauthAppTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
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
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Database sessions in the Auth.js cookie, through the real filter chain on DynamoDB Local: what is servlet-only. The
 * cases both stacks share (sign-in by an Auth.js session, refused tokens, sliding expiry, sign-out, the legacy cookie,
 * the session JSON) are in {@code stacks.SessionBehaviourCases}. Here: the request cache's callbackUrl (the reactive
 * side has none), the adapter-call cost of a request (reactive reads bypass the adapter: core's AsyncSessionRequestsTest
 * counts them), the HTTPS cookie (MockMvc's secure request) and the plain {@code database} strategy's JWT warning.
 */
@DynauthAppTest
class SessionCookieTest {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;
    @Autowired MeterRegistry meters;

    Browser browser;
    AdapterUser user;

    @BeforeEach
    void setUp() {
        browser = new Browser(mvc);
        user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").name("Ada").build());
    }

    /** A session exactly as Auth.js core creates it: randomUUID token, expires now + 30 days. */
    private String authJsSession() {
        String token = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(token, user.id(), clock.instant().plus(Duration.ofDays(30))));
        return token;
    }

    @Test
    void signedOutRequestsAreSentToTheSignInPageOrGet401() throws Exception {
        MvcResult html = browser.get("/me");
        assertEquals(302, html.getResponse().getStatus());
        assertTrue(html.getResponse().getRedirectedUrl().endsWith("/api/auth/signin"), html.getResponse().getRedirectedUrl());
        // the sign-in page sends the user back where they came from (kept in a cookie, not a session)
        String page = browser.get("/api/auth/signin").getResponse().getContentAsString();
        assertTrue(page.contains("name=\"callbackUrl\" value=\"/me"), page);
        MvcResult api = browser.perform(MockMvcRequestBuilders.get("/me").accept("application/json"));
        assertEquals(401, api.getResponse().getStatus());
        assertEquals(200, browser.get("/public/hello").getResponse().getStatus());
    }

    @Test
    void aSignedInRequestCostsOneReadAndOneWriteOnlyWhenExtended() throws Exception {
        String token = authJsSession();
        browser.cookies.put("authjs.session-token", token);
        long reads = count("getSessionAndUser");
        long writes = count("updateSession");
        long total = totalCalls();
        assertEquals(200, browser.get("/me").getResponse().getStatus());
        assertEquals(reads + 1, count("getSessionAndUser"));
        assertEquals(writes, count("updateSession"));
        assertEquals(total + 1, totalCalls(), "exactly one adapter call for a fresh session");

        clock.advance(Duration.ofHours(25));
        assertEquals(200, browser.get("/me").getResponse().getStatus());
        assertEquals(reads + 2, count("getSessionAndUser"));
        assertEquals(writes + 1, count("updateSession"));
        assertEquals(total + 3, totalCalls(), "one read plus one write when extended");

        // a public page: no Spring Security filter resolves the session (Spring MVC's request-handled
        // event may ask for the principal, which then costs the one read, never a write)
        assertEquals(200, browser.get("/public/hello").getResponse().getStatus());
        assertTrue(totalCalls() <= total + 4);
        assertEquals(writes + 1, count("updateSession"));
    }

    private long count(String operation) {
        return meters.find("dynauth.adapter.calls").tag("operation", operation).timers().stream()
                .mapToLong(Timer::count).sum();
    }

    private long totalCalls() {
        return meters.find("dynauth.adapter.calls").timers().stream().mapToLong(Timer::count).sum();
    }

    @Test
    void httpsUsesTheSecurePrefixedCookie() throws Exception {
        browser.secure = true;
        browser.cookies.put("__Secure-authjs.session-token", authJsSession());
        assertEquals(200, browser.get("/me").getResponse().getStatus());
        clock.advance(Duration.ofHours(25));
        browser.get("/me");
        String reissued = browser.setCookie("__Secure-authjs.session-token");
        assertNotNull(reissued);
        assertTrue(reissued.contains("Secure"), reissued);
        assertTrue(reissued.contains("HttpOnly"), reissued);
    }

    /**
     * Next.js on {@code jwt} beside this service on {@code database}: the app's JWT is no session here, but it is never
     * cleared (that signed the user out of the Next.js app), and one WARN names the property, without the token.
     */
    @Test
    void aNextJsJwtIsLeftAloneInDatabaseModeWithOneWarning() throws Exception {
        String jwt = dev.dynauth.jwt.AuthJsJwt.builder().cookieName("authjs.session-token")
                .secrets("test-secret-not-for-production").clock(clock).build()
                .encode(Map.of("sub", user.id(), "email", user.email()), Duration.ofDays(30));
        try (LogCapture logs = LogCapture.start_()) {
            for (String path : new String[] {"/me", "/api/auth/session", "/api/auth/signin", "/public/hello"}) {
                browser.cookies.put("authjs.session-token", jwt);
                MvcResult r = browser.get(path);
                assertTrue(r.getResponse().getStatus() < 500, path);
                assertNull(browser.setCookie("authjs.session-token"), "never cleared on " + path);
            }
            assertEquals(302, browser.get("/me").getResponse().getStatus(), "no session here");
            java.util.List<String> warnings = logs.lines.stream()
                    .filter(l -> l.startsWith("WARN") && l.contains("looks like an Auth.js JWT")).toList();
            assertEquals(1, warnings.size(), String.join("\n", logs.lines));
            assertTrue(warnings.get(0).contains("dynauth.session.strategy=jwt"), warnings.get(0));
            assertTrue(logs.lines.stream().noneMatch(l -> l.contains(jwt.substring(0, 40))), "no token in the log");
        }
    }
}
