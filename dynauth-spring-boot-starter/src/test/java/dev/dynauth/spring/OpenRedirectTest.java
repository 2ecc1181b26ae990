package dev.dynauth.spring;

import dev.dynauth.spring.oauth2.MappedProvidersAppTest;
import dev.dynauth.spring.web.RedirectBypassShapes;

import dev.dynauth.spring.web.DynauthSecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.VerificationToken;
import dev.dynauth.spring.app.TestApp;
import dev.dynauth.spring.authserver.AuthServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Issue 8, defect 1: every known open-redirect bypass shape as the callback URL of the magic-link path (given to
 * the sign-in request, and tampered into a valid link), of the OAuth2 path (through a real provider), and of the
 * sign-in page's hidden field: the user always lands on the application's own origin. In OAuth2ProfileMapperTest's
 * context ({@link MappedProvidersAppTest}), whose provider users it leaves alone: it signs in as frank.
 */
@MappedProvidersAppTest
class OpenRedirectTest {

    static final String APP = "http://127.0.0.1";
    static final AuthServer idp = AuthServer.shared();

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired DynauthSecret secret;
    @Autowired TestApp.CapturingSender sender;
    @Autowired TestApp.MutableClock clock;

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A redirect target as the browser follows it: on the application's origin. */
    private static void assertOwnOrigin(String shape, String location, List<String> failures) {
        if (location == null) {
            failures.add(shape + " -> no Location");
            return;
        }
        boolean ok = location.startsWith("/") && !location.startsWith("//") && location.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\');
        if (ok) {
            URI to = URI.create(APP + "/api/auth/callback/x").resolve(location);
            ok = "127.0.0.1".equals(to.getHost()) && to.getPort() == -1 && to.getRawUserInfo() == null;
        }
        if (!ok) {
            failures.add(shape + " -> " + location);
        }
    }

    @Test
    void magicLinkPath() throws Exception {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (String shape : RedirectBypassShapes.all()) {
            Browser browser = new Browser(mvc);
            MvcResult page = browser.get(APP + "/api/auth/signin");
            String email = "redirect" + (n++) + "@example.com";
            MvcResult sent = browser.post(APP + "/api/auth/signin/email",
                    Map.of("email", email, "callbackUrl", shape, "_csrf", Browser.csrfField(page)));
            assertEquals("/api/auth/verify-request?provider=email&type=email", sent.getResponse().getRedirectedUrl());
            MvcResult signedIn = browser.get(sender.last().url());
            assertEquals(302, signedIn.getResponse().getStatus(), shape);
            assertNotNull(browser.cookies.get("authjs.session-token"), "signed in with " + shape);
            assertOwnOrigin(shape, signedIn.getResponse().getRedirectedUrl(), failures);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void aValidLinkWithATamperedCallbackUrl() throws Exception {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (String shape : RedirectBypassShapes.all()) {
            String email = "tampered" + (n++) + "@example.com";
            String token = UUID.randomUUID().toString().replace("-", "");
            adapter.createVerificationToken(new VerificationToken(email, secret.hashToken(token),
                    clock.instant().plus(Duration.ofMinutes(5))));
            MvcResult r = new Browser(mvc).get(APP + "/api/auth/callback/email?callbackUrl=" + enc(shape) + "&token="
                    + token + "&email=" + enc(email));
            assertEquals(302, r.getResponse().getStatus(), shape);
            assertTrue(adapter.getUserByEmail(email).isPresent(), "the link worked for " + shape);
            assertOwnOrigin(shape, r.getResponse().getRedirectedUrl(), failures);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void oauth2Path() throws Exception {
        List<String> failures = new ArrayList<>();
        java.net.CookieManager atProvider = new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL);
        LogCapture logs = LogCapture.start_();
        for (String shape : RedirectBypassShapes.all()) {
            Browser browser = new Browser(mvc);
            MvcResult start = browser.get(APP + "/api/auth/signin/idp?callbackUrl=" + enc(shape));
            assertEquals(302, start.getResponse().getStatus(), shape);
            String callback = idp.authorize(start.getResponse().getRedirectedUrl(), "frank", atProvider);
            MvcResult done = browser.get(callback);
            assertEquals(302, done.getResponse().getStatus(), shape);
            assertNotNull(browser.cookies.get("authjs.session-token"), "signed in with " + shape);
            assertOwnOrigin(shape, done.getResponse().getRedirectedUrl(), failures);
        }
        logs.close();
        // the provider's tokens of all those sign-ins never reached a log line
        dev.dynauth.AdapterAccount account = adapter.getAccount("frank", "idp").orElseThrow();
        for (String token : new String[] {account.accessToken(), account.idToken()}) {
            assertTrue(token != null && logs.lines.stream().noneMatch(l -> l.contains(token)), "a provider token in the log");
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        // and a legitimate callbackUrl is honoured on this path
        Browser browser = new Browser(mvc);
        MvcResult start = browser.get(APP + "/api/auth/signin/idp?callbackUrl=" + enc("/me?tab=1"));
        MvcResult done = browser.get(idp.authorize(start.getResponse().getRedirectedUrl(), "frank"));
        assertEquals("/me?tab=1", done.getResponse().getRedirectedUrl());
    }

    @Test
    void signInPageHiddenField() throws Exception {
        List<String> failures = new ArrayList<>();
        Pattern hidden = Pattern.compile("name=\"callbackUrl\" value=\"([^\"]*)\"");
        for (String shape : RedirectBypassShapes.all()) {
            String page = new Browser(mvc).get(APP + "/api/auth/signin?callbackUrl=" + enc(shape)).getResponse()
                    .getContentAsString();
            Matcher m = hidden.matcher(page);
            assertTrue(m.find(), page);
            assertOwnOrigin(shape, m.group(1).replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\""),
                    failures);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
