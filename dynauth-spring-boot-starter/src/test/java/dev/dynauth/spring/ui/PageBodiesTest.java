package dev.dynauth.spring.ui;

import dev.dynauth.spring.session.SessionJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pages' bodies from plain values (no servlet request), as a reactive endpoint renders them too. */
class PageBodiesTest {

    private static final FormCsrf CSRF = new FormCsrf("_csrf", "X-XSRF-TOKEN", "t<1>");

    @Test
    void theSignInPageOffersWhatIsOnWithEscapedValues() {
        String html = PageBodies.signIn("/app", "RateLimited", CSRF, "/after", true, "a\"b@example.com",
                List.of(new SignInProviders.Provider("github", "Git<Hub>")), true);
        assertTrue(html.contains("role=\"alert\""));
        assertTrue(html.contains("action=\"/app/api/auth/signin/email\""));
        assertTrue(html.contains("value=\"a&quot;b@example.com\""), "the typed address kept, escaped");
        assertTrue(html.contains("href=\"/app/api/auth/signin/github\">Sign in with Git&lt;Hub&gt;</a>"));
        assertTrue(html.contains("name=\"_csrf\" value=\"t&lt;1&gt;\""));
        assertTrue(html.contains("id=\"dynauth-passkey\""));
        assertTrue(PageBodies.signIn("", null, null, "/", false, null, List.of(), false).contains("no way to sign in"));
    }

    @Test
    void theCheckYourEmailCookieCarriesTheAddressAndNothingElse() {
        assertEquals("ada@example.com", PageBodies.address(PageBodies.addressCookieValue("ada@example.com")));
        assertNull(PageBodies.address("%%%"));
        assertNull(PageBodies.address("A".repeat(PageBodies.MAX_ADDRESS_COOKIE + 1)));
        assertTrue(PageBodies.verifyRequest("<b>@example.com", false).contains("&lt;b&gt;@example.com"));
        assertFalse(PageBodies.verifyRequest(null, false).contains("log"));
    }

    @Test
    void signOutAndConfirmationFormsPostWithTheCsrfToken() {
        String signOut = PageBodies.signOut("", "/bye", CSRF);
        assertTrue(signOut.contains("action=\"/api/auth/signout\"") && signOut.contains("value=\"/bye\"")
                && signOut.contains("name=\"_csrf\""));
        assertFalse(PageBodies.signOut("", null, null).contains("callbackUrl"));
        String confirm = PageBodies.magicLinkConfirm("", "tok", "ada@example.com", "/", CSRF);
        assertTrue(confirm.contains("action=\"/api/auth/callback/email\"") && confirm.contains("value=\"tok\"")
                && confirm.contains("Sign in as <b>ada@example.com</b>?"));
        assertEquals("{\"user\":{\"id\":\"u\",\"name\":null,\"email\":\"\\u003c@x\",\"image\":null},\"expires\":"
                + "\"1970-01-01T00:00:00Z\"}", SessionJson.of(dev.dynauth.AdapterUser.builder().id("u").email("<@x")
                .build(), java.time.Instant.EPOCH));
    }
}
