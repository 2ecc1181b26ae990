package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.app.DynauthAppTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The starter's sign-in page without passkeys, and the error pages' words for Auth.js's error codes. */
@DynauthAppTest
class SignInAndErrorPagesTest {

    @Autowired MockMvc mvc;

    private MvcResult errorPage(String code) throws Exception {
        return new Browser(mvc).get("/api/auth/error" + (code == null ? "" : "?error=" + code));
    }

    private void assertErrorPage(String code, int status, String... words) throws Exception {
        MvcResult r = errorPage(code);
        assertEquals(status, r.getResponse().getStatus(), code);
        String html = r.getResponse().getContentAsString();
        assertTrue(r.getResponse().getContentType().startsWith("text/html"), code);
        for (String w : words) {
            assertTrue(html.contains(w), code + " page says \"" + w + "\": " + html);
        }
        assertTrue(html.contains("<a href=\"/api/auth/signin\">Sign in</a>"), html);
    }

    @Test
    void errorPagesExplainAuthJsErrorCodesInPlainWords() throws Exception {
        assertErrorPage("Verification", 400, "no longer valid", "used already", "expired", "Request a new link");
        assertErrorPage("OAuthAccountNotLinked", 403, "Account not linked", "sign in with the same account you used originally");
        assertErrorPage("AccessDenied", 403, "Access denied", "You do not have permission to sign in");
        assertErrorPage("Configuration", 500, "Server error", "problem with the server configuration");
        assertErrorPage("RateLimited", 429, "Too many sign-in links");
        assertErrorPage("EmailSignin", 400, "Unable to send the sign-in link");
        assertErrorPage("OAuthCallbackError", 400, "sign-in with the provider failed");
        assertErrorPage(null, 400, "Unable to sign in");
        assertErrorPage("NoSuchCode", 400, "Unable to sign in");
    }

    @Test
    void anErrorCodeIsNeverEchoedIntoThePage() throws Exception {
        String html = errorPage("%3Cscript%3Ealert(1)%3C/script%3E").getResponse().getContentAsString();
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("alert(1)"), html);
    }

    @Test
    void withoutPasskeysTheSignInPageWorksWithoutAnyScript() throws Exception {
        String html = new Browser(mvc).get("/api/auth/signin").getResponse().getContentAsString();
        assertTrue(html.contains("action=\"/api/auth/signin/email\""), html);
        assertFalse(html.contains("<script"), "no script when passkeys are off: " + html);
        assertFalse(html.contains("passkey"), html);
        assertEquals(404, new Browser(mvc).get("/api/auth/passkey.js").getResponse().getStatus(),
                "no passkey script when passkeys are off");
    }

    @Test
    void theSignInPageShowsTheErrorOfARedirect() throws Exception {
        String html = new Browser(mvc).get("/api/auth/signin?error=Verification").getResponse().getContentAsString();
        assertTrue(html.contains("role=\"alert\""), html);
        assertTrue(html.contains("no longer valid"), html);
    }
}
