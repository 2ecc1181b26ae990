package dev.dynauth.spring.web;

import dev.dynauth.spring.Browser;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.authserver.WithAuthServer;
import dev.dynauth.spring.oauth2.CookieAuthorizationRequestRepository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.spring.app.TestApp;
import dev.dynauth.spring.authserver.AuthServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Issue 8, defects 2, 3 and 5 with a public URL ({@code dynauth.url=https://app.example.com}) behind a TLS proxy
 * (the requests themselves are plain http): links, OAuth2 redirect URIs and redirects are built from the public
 * URL whatever the Host header says; cookies are Secure and {@code __Secure-} prefixed; and with
 * {@code dynauth.magic-link.confirm=true} only the confirmation page's POST consumes a link.
 */
@WithAuthServer({"idp"})
@DynauthAppTest(properties = {"dynauth.table-name=public-url",
        "dynauth.url=https://app.example.com/api/auth", "dynauth.magic-link.confirm=true"})
class PublicUrlTest {

    static final String PUBLIC = "https://app.example.com";
    static final AuthServer idp = AuthServer.shared();

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.CapturingSender sender;

    /** A browser whose requests carry an attacker's Host header, reaching the app as plain http. */
    private Browser poisoned() {
        return new Browser(mvc);
    }

    @Test
    void aPoisonedHostHeaderNeverReachesALinkARedirectUriOrARedirect() throws Exception {
        Browser b = poisoned();
        MvcResult page = b.get("http://evil.example/api/auth/signin");
        assertEquals(200, page.getResponse().getStatus());
        MvcResult sent = b.post("http://evil.example/api/auth/signin/email",
                Map.of("email", "victim@example.com", "_csrf", Browser.csrfField(page)));
        assertEquals(302, sent.getResponse().getStatus());
        String link = sender.last().url();
        assertTrue(link.startsWith(PUBLIC + "/api/auth/callback/email?"), link);
        assertFalse(link.contains("evil"), link);

        MvcResult start = b.get("http://evil.example/api/auth/signin/idp");
        String authorize = start.getResponse().getRedirectedUrl();
        assertTrue(authorize.contains("redirect_uri=" + PUBLIC + "/api/auth/callback/idp"), authorize);
        assertFalse(authorize.contains("evil"), authorize);

        MvcResult protectedPage = b.get("http://evil.example/me");
        assertEquals("/api/auth/signin", protectedPage.getResponse().getRedirectedUrl(), "a relative redirect");
    }

    @Test
    void anHttpsPublicUrlMakesEveryCookieSecureBehindATlsProxy() throws Exception {
        Browser b = new Browser(mvc);
        MvcResult page = b.get("http://app.example.com/api/auth/signin");
        String csrf = b.setCookie("XSRF-TOKEN");
        assertNotNull(csrf);
        assertTrue(csrf.contains("Secure"), csrf);
        b.post("http://app.example.com/api/auth/signin/email", Map.of("email", "secure@example.com",
                "_csrf", Browser.csrfField(page)));
        String path = sender.last().url().substring(PUBLIC.length());
        MvcResult confirm = b.get("http://app.example.com" + path);
        MvcResult done = b.post("http://app.example.com/api/auth/callback/email", Map.of("token",
                query(path, "token"), "email", "secure@example.com", "callbackUrl", "/me", "_csrf", Browser.csrfField(confirm)));
        assertEquals("/me", done.getResponse().getRedirectedUrl());
        String session = b.setCookie("__Secure-authjs.session-token");
        assertNotNull(session, String.join("\n", b.setCookieHeaders));
        assertTrue(session.contains("Secure") && session.contains("HttpOnly"), session);
        assertNull(b.setCookie("authjs.session-token"));

        MvcResult start = b.get("http://app.example.com/api/auth/signin/idp");
        assertTrue(b.setCookie(CookieAuthorizationRequestRepository.COOKIE).contains("Secure"));
        assertEquals(302, start.getResponse().getStatus());
    }

    @Test
    void withConfirmationOnlyThePostOfTheConfirmationPageConsumesTheLink() throws Exception {
        Browser b = new Browser(mvc);
        MvcResult page = b.get("http://app.example.com/api/auth/signin");
        b.post("http://app.example.com/api/auth/signin/email", Map.of("email", "Scanned@Example.com",
                "callbackUrl", "/me", "_csrf", Browser.csrfField(page)));
        String path = sender.last().url().substring(PUBLIC.length());
        // a mail scanner: GET and HEAD show the page, consume nothing
        for (int i = 0; i < 3; i++) {
            Browser scanner = new Browser(mvc);
            MvcResult shown = scanner.get("http://app.example.com" + path);
            assertEquals(200, shown.getResponse().getStatus());
            String html = shown.getResponse().getContentAsString();
            assertTrue(html.contains("Sign in as <b>scanned@example.com</b>"), html);
            assertNull(scanner.cookies.get("__Secure-authjs.session-token"));
            scanner.perform(MockMvcRequestBuilders.head(java.net.URI.create("http://app.example.com" + path)));
        }
        assertTrue(adapter.getUserByEmail("scanned@example.com").isEmpty(), "no sign-in yet");
        MvcResult confirm = b.get("http://app.example.com" + path);
        String html = confirm.getResponse().getContentAsString();
        assertTrue(html.contains("name=\"token\" value=\"" + query(path, "token") + "\""), html);
        MvcResult done = b.post("http://app.example.com/api/auth/callback/email", Map.of("token", query(path, "token"),
                "email", "scanned@example.com", "callbackUrl", "/me", "_csrf", Browser.csrfField(confirm)));
        assertEquals("/me", done.getResponse().getRedirectedUrl());
        assertTrue(adapter.getUserByEmail("scanned@example.com").isPresent());
        // once
        MvcResult again = b.post("http://app.example.com/api/auth/callback/email", Map.of("token", query(path, "token"),
                "email", "scanned@example.com", "_csrf", Browser.csrfField(confirm)));
        assertEquals("/api/auth/error?error=Verification", again.getResponse().getRedirectedUrl());
        // and the POST needs the CSRF token: a cross-site form cannot sign a victim in with an attacker's link
        Browser other = new Browser(mvc);
        MvcResult forged = other.post("http://app.example.com/api/auth/callback/email", Map.of("token", "x",
                "email", "scanned@example.com"));
        assertEquals(403, forged.getResponse().getStatus());
    }

    static String query(String url, String name) {
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
