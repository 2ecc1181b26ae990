package dev.dynauth.spring;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.spring.ui.Html;
import dev.dynauth.spring.magiclink.MagicLink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterUser;
import dev.dynauth.SessionAndUser;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.app.TestApp;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.util.UriComponentsBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@DynauthAppTest
class MagicLinkFlowTest {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.CapturingSender sender;
    @Autowired TestApp.MutableClock clock;
    @Autowired DynamoDbClient dynamo;
    @Autowired TableOptions options;

    Browser browser;

    @BeforeEach
    void setUp() {
        browser = new Browser(mvc);
    }

    private MvcResult requestLink(String email, String callbackUrl) throws Exception {
        MvcResult page = browser.get("/api/auth/signin");
        assertEquals(200, page.getResponse().getStatus());
        return browser.post("/api/auth/signin/email",
                Map.of("email", email, "callbackUrl", callbackUrl, "_csrf", Browser.csrfField(page)));
    }

    private static Map<String, String> query(String url) {
        return UriComponentsBuilder.fromUri(URI.create(url)).build(true).getQueryParams().toSingleValueMap()
                .entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        e -> java.net.URLDecoder.decode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void fullFlowCreatesAVerifiedUserAndASessionAuthJsCanRead() throws Exception {
        int before = sender.links.size();
        MvcResult sent = requestLink("  Ada.Lovelace@Example.COM ", "/me");
        assertEquals(302, sent.getResponse().getStatus());
        assertEquals("/api/auth/verify-request?provider=email&type=email", sent.getResponse().getRedirectedUrl());
        assertEquals(before + 1, sender.links.size());
        MagicLink link = sender.last();
        assertEquals("ada.lovelace@example.com", link.identifier());
        assertFalse(link.toString().contains(query(link.url()).get("token")), "toString must hide the token");
        assertTrue(link.url().startsWith("http://localhost/api/auth/callback/email?"), link.url());
        Map<String, String> q = query(link.url());
        assertEquals("ada.lovelace@example.com", q.get("email"));
        assertEquals("/me", q.get("callbackUrl"));
        assertTrue(q.get("token").matches("[0-9a-f]{64}"), "raw token is 32 bytes of hex");

        // stored as Auth.js stores it: VT#<identifier> / VT#sha256hex(token + secret), expiring in 10 minutes (dynauth's default, OWASP ASVS 6.5.5)
        String hashed = DynauthSecret.sha256Hex(q.get("token") + "test-secret-not-for-production");
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(options.tableName()).key(Map.of(
                options.partitionKey(), AttributeValue.fromS("VT#ada.lovelace@example.com"),
                options.sortKey(), AttributeValue.fromS("VT#" + hashed)))).item();
        assertTrue(item != null && !item.isEmpty(), "verification token stored hashed");
        assertEquals(clock.instant().plus(Duration.ofMinutes(10)).getEpochSecond(),
                (long) Double.parseDouble(item.get("expires").n()));

        // the user does not exist yet
        assertTrue(adapter.getUserByEmail("ada.lovelace@example.com").isEmpty());

        browser.cookies.clear(); // the link is opened in another browser
        MvcResult callback = browser.get(link.url().substring("http://localhost".length()));
        assertEquals(302, callback.getResponse().getStatus());
        assertEquals("/me", callback.getResponse().getRedirectedUrl());
        String setCookie = browser.setCookie("authjs.session-token");
        assertNotNull(setCookie, "session cookie issued");
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
        assertTrue(setCookie.contains("Path=/"), setCookie);
        assertTrue(setCookie.contains("Max-Age=" + Duration.ofDays(30).toSeconds()), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain http: not Secure");

        String token = browser.cookies.get("authjs.session-token");
        SessionAndUser sau = adapter.getSessionAndUser(token).orElseThrow();
        assertEquals("ada.lovelace@example.com", sau.user().email());
        assertEquals(clock.instant(), sau.user().emailVerified());
        assertEquals(clock.instant().plus(Duration.ofDays(30)), sau.session().expires());

        MvcResult me = browser.get("/me");
        assertEquals(200, me.getResponse().getStatus());
        assertEquals(sau.user().id() + " ada.lovelace@example.com", me.getResponse().getContentAsString());

        // single use
        browser.cookies.clear();
        MvcResult again = browser.get(link.url().substring("http://localhost".length()));
        assertEquals("/api/auth/error?error=Verification", again.getResponse().getRedirectedUrl());
        assertNull(browser.setCookie("authjs.session-token"));
    }

    @Test
    void existingUserIsMarkedVerifiedNotDuplicated() throws Exception {
        AdapterUser existing = adapter.createUser(AdapterUser.builder().email("grace@example.com").name("Grace").build());
        requestLink("grace@example.com", "/");
        browser.cookies.clear();
        MvcResult callback = browser.get(sender.last().url().substring("http://localhost".length()));
        assertEquals("/", callback.getResponse().getRedirectedUrl());
        SessionAndUser sau = adapter.getSessionAndUser(browser.cookies.get("authjs.session-token")).orElseThrow();
        assertEquals(existing.id(), sau.user().id());
        assertEquals("Grace", sau.user().name());
        assertEquals(clock.instant(), sau.user().emailVerified());
    }

    @Test
    void expiredLinkIsRefused() throws Exception {
        requestLink("late@example.com", "/");
        String path = sender.last().url().substring("http://localhost".length());
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        browser.cookies.clear();
        MvcResult callback = browser.get(path);
        assertEquals("/api/auth/error?error=Verification", callback.getResponse().getRedirectedUrl());
        assertTrue(adapter.getUserByEmail("late@example.com").isEmpty());
        MvcResult error = browser.get("/api/auth/error?error=Verification");
        assertEquals(400, error.getResponse().getStatus());
        assertTrue(error.getResponse().getContentAsString().contains("no longer valid"));
    }

    @Test
    void wrongTokenOrEmailIsRefused() throws Exception {
        requestLink("eve@example.com", "/");
        Map<String, String> q = query(sender.last().url());
        browser.cookies.clear();
        assertEquals("/api/auth/error?error=Verification",
                browser.get("/api/auth/callback/email?email=eve@example.com&token=" + "0".repeat(64))
                        .getResponse().getRedirectedUrl());
        assertEquals("/api/auth/error?error=Verification",
                browser.get("/api/auth/callback/email?email=mallory@example.com&token=" + q.get("token"))
                        .getResponse().getRedirectedUrl());
        assertEquals("/api/auth/error?error=Verification",
                browser.get("/api/auth/callback/email?email=&token=").getResponse().getRedirectedUrl());
        assertTrue(adapter.getUserByEmail("eve@example.com").isEmpty());
    }

    @Test
    void requestWithoutCsrfTokenIsForbidden() throws Exception {
        int before = sender.links.size();
        MvcResult r = browser.post("/api/auth/signin/email", Map.of("email", "ada@example.com"));
        assertEquals(403, r.getResponse().getStatus());
        MvcResult page = browser.get("/api/auth/signin");
        MvcResult forged = browser.post("/api/auth/signin/email",
                Map.of("email", "ada@example.com", "_csrf", Browser.csrfField(page) + "x"));
        assertEquals(403, forged.getResponse().getStatus());
        assertEquals(before, sender.links.size());
    }

    @Test
    void invalidEmailGetsAClearError() throws Exception {
        for (String bad : new String[] {"not-an-email", "a@b@c.com", "\"quoted\"@example.com", ""}) {
            // the sign-in page again: what went wrong, and the address as typed (escaped) to correct it
            MvcResult r = requestLink(bad, "/");
            assertEquals(400, r.getResponse().getStatus(), bad);
            String html = r.getResponse().getContentAsString();
            assertTrue(html.contains("<p role=\"alert\">Check the email address and try again.</p>"), html);
            assertTrue(bad.isEmpty() ? !html.contains("placeholder=\"you@example.com\" value=")
                    : html.contains("placeholder=\"you@example.com\" value=\"" + Html.esc(bad) + "\""), html);
            assertFalse(html.contains("Exception"));
            assertNotNull(Browser.csrfField(r), "the form can be sent again");
        }
        MvcResult page = browser.get("/api/auth/error?error=EmailSignin");
        assertEquals(400, page.getResponse().getStatus());
        assertFalse(page.getResponse().getContentAsString().contains("Exception"));
    }

    @Test
    void checkYourEmailNamesTheAddressAndWhereTheLinkIsInDevelopment() throws Exception {
        requestLink("Grace@Example.com", "/");
        String html = browser.get("/api/auth/verify-request?provider=email&type=email").getResponse().getContentAsString();
        assertTrue(html.contains("sent to <b id=\"dynauth-sent-to\">grace@example.com</b>"), html);
        // in the tests the links are kept by a sender of the test, not logged: no hint about the log
        assertFalse(html.contains("application's log"), html);
        // another browser (no cookie) is not told any address
        String other = new Browser(mvc).get("/api/auth/verify-request").getResponse().getContentAsString();
        assertTrue(other.contains("A sign-in link has been sent to your email address."), other);
    }

    @Test
    void openRedirectsAreRefused() throws Exception {
        for (String evil : new String[] {"https://evil.example/x", "//evil.example/x", "/\\evil.example",
                "javascript:alert(1)", "http://localhost.evil.example/"}) {
            requestLink("redirect" + Math.abs(evil.hashCode()) + "@example.com", evil);
            browser.cookies.clear();
            MvcResult callback = browser.get(sender.last().url().substring("http://localhost".length()));
            assertEquals("/", callback.getResponse().getRedirectedUrl(), evil);
        }
        requestLink("sameorigin@example.com", "http://localhost/me?tab=1");
        browser.cookies.clear();
        assertEquals("/me?tab=1", browser.get(sender.last().url().substring("http://localhost".length()))
                .getResponse().getRedirectedUrl());
    }
}
