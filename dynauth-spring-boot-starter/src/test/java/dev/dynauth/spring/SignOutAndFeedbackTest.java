package dev.dynauth.spring;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.session.DynauthSessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.app.TestApp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a person is told: Auth.js's sign-out page (a confirmation, then "You are signed out"), a form posted
 * after the session ended, and the browser and time a session was signed in with, kept on the session item.
 */
@DynauthAppTest
class SignOutAndFeedbackTest {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.CapturingSender sender;
    @Autowired TestApp.MutableClock clock;
    @Autowired DynamoDbClient dynamo;
    @Autowired TableOptions options;

    /** Signs a new user in with a magic link, from a browser that says it is Firefox on Linux. */
    private Browser signedIn(String email) throws Exception {
        Browser browser = new Browser(mvc);
        String csrf = Browser.csrfField(browser.get("/api/auth/signin"));
        browser.post("/api/auth/signin/email", Map.of("email", email, "_csrf", csrf));
        String link = sender.last().url().substring("http://localhost".length());
        MvcResult used = browser.perform(MockMvcRequestBuilders.get(java.net.URI.create(link))
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"));
        assertEquals(302, used.getResponse().getStatus());
        assertNotNull(browser.cookies.get("authjs.session-token"));
        return browser;
    }

    @Test
    void theSignOutPageConfirmsThenSaysSignedOut() throws Exception {
        Browser browser = signedIn(UUID.randomUUID() + "@example.com");
        String token = browser.cookies.get("authjs.session-token");

        MvcResult confirm = browser.get("/api/auth/signout");
        assertEquals(200, confirm.getResponse().getStatus());
        String html = confirm.getResponse().getContentAsString();
        assertTrue(html.contains("<title>Sign out</title>") && html.contains("Are you sure you want to sign out?"), html);
        assertTrue(html.contains("<form method=\"post\" action=\"/api/auth/signout\">"), html);
        assertTrue(adapter.getSessionAndUser(token).isPresent(), "a GET signs nobody out");

        MvcResult out = browser.post("/api/auth/signout", Map.of("_csrf", Browser.csrfField(confirm)));
        assertEquals("/api/auth/signout", out.getResponse().getRedirectedUrl());
        assertTrue(adapter.getSessionAndUser(token).isEmpty());
        String after = browser.get("/api/auth/signout").getResponse().getContentAsString();
        assertTrue(after.contains("You are signed out.") && after.contains("<a href=\"/api/auth/signin\">Sign in again</a>"),
                after);
    }

    @Test
    void signOutGoesToASameOriginCallbackUrlOnly() throws Exception {
        Browser browser = signedIn(UUID.randomUUID() + "@example.com");
        String csrf = Browser.csrfField(browser.get("/api/auth/signout"));
        assertEquals("/public/hello", browser.post("/api/auth/signout",
                Map.of("_csrf", csrf, "callbackUrl", "/public/hello")).getResponse().getRedirectedUrl());
        Browser other = signedIn(UUID.randomUUID() + "@example.com");
        String csrf2 = Browser.csrfField(other.get("/api/auth/signout"));
        assertEquals("/api/auth/signout", other.post("/api/auth/signout",
                Map.of("_csrf", csrf2, "callbackUrl", "https://evil.example/")).getResponse().getRedirectedUrl());
    }

    @Test
    void aFormPostedAfterTheSessionEndedSaysSo() throws Exception {
        Browser browser = signedIn(UUID.randomUUID() + "@example.com");
        String csrf = Browser.csrfField(browser.get("/api/auth/signin"));
        adapter.deleteSession(browser.cookies.get("authjs.session-token")); // signed out elsewhere
        MvcResult posted = browser.perform(MockMvcRequestBuilders.post("/me").accept("text/html")
                .contentType("application/x-www-form-urlencoded").param("_csrf", csrf).param("name", "Ada"));
        assertEquals(302, posted.getResponse().getStatus());
        assertEquals("/api/auth/signin?error=SessionRequired", posted.getResponse().getRedirectedUrl());
        MvcResult page = browser.get(posted.getResponse().getRedirectedUrl());
        assertTrue(page.getResponse().getContentAsString().contains(
                "<p role=\"alert\">You were signed out, so that was not done. Sign in, then try again.</p>"));
        // a page asked for with GET still simply leads to the sign-in page
        MvcResult get = browser.get("/me");
        assertEquals(302, get.getResponse().getStatus(), get.getRequest().getHeader("Accept") + " "
                + browser.cookies + " " + get.getResponse().getHeaderNames());
        assertTrue(String.valueOf(get.getResponse().getHeader("Location")).endsWith("/api/auth/signin"),
                get.getResponse().getHeader("Location"));
        // API clients still get a 401
        assertEquals(401, browser.perform(MockMvcRequestBuilders.post("/me").accept("application/json")
                .param("_csrf", csrf)).getResponse().getStatus());
    }

    @Test
    void aSessionKeepsTheBrowserAndTimeItSignedInWith() throws Exception {
        Instant before = clock.instant();
        Browser browser = signedIn(UUID.randomUUID() + "@example.com");
        String token = browser.cookies.get("authjs.session-token");
        AdapterSession session = adapter.getSessionAndUser(token).orElseThrow().session();
        assertEquals("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                session.attributes().get(DynauthSessions.USER_AGENT));
        assertEquals(before, session.attributes().get(DynauthSessions.SIGNED_IN_AT));
        // listed for the account page
        DynamoDbAdapter store = DynamoDbAdapter.builder().client(dynamo).options(options).clock(clock).build();
        AdapterUser user = adapter.getSessionAndUser(token).orElseThrow().user();
        assertEquals("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                store.listSessions(user.id()).get(0).attributes().get(DynauthSessions.USER_AGENT));
        // a very long header is cut, never refused
        Browser long1 = new Browser(mvc);
        String csrf = Browser.csrfField(long1.get("/api/auth/signin"));
        String email = UUID.randomUUID() + "@example.com";
        long1.post("/api/auth/signin/email", Map.of("email", email, "_csrf", csrf));
        long1.perform(MockMvcRequestBuilders.get(java.net.URI.create(sender.last().url().substring("http://localhost".length())))
                .header("User-Agent", "x".repeat(5000)));
        Object agent = adapter.getSessionAndUser(long1.cookies.get("authjs.session-token")).orElseThrow().session()
                .attributes().get(DynauthSessions.USER_AGENT);
        assertEquals(512, ((String) agent).length());
        assertFalse(session.toString().contains(token), "the token is never shown");
    }
}
