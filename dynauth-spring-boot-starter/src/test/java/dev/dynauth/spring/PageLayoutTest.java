package dev.dynauth.spring;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.ui.DynauthPageLayout;
import dev.dynauth.spring.ui.Html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.app.TestApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** An application's {@link DynauthPageLayout} bean wraps every page the starter renders, and escapes nothing twice. */
@DynauthAppTest(classes = {TestApp.class, PageLayoutTest.Layout.class})
class PageLayoutTest {

    @Configuration(proxyBeanMethods = false)
    static class Layout {
        @Bean
        DynauthPageLayout siteLayout() {
            return (request, page, title, bodyHtml) -> "<!DOCTYPE html><html><head><title>" + Html.esc(title)
                    + " | Site</title></head><body><div id=\"site\" data-page=\"" + page + "\" data-path=\""
                    + Html.esc(request.getRequestURI()) + "\"><h2>" + Html.esc(title) + "</h2>" + bodyHtml
                    + "</div></body></html>";
        }
    }

    @Autowired MockMvc mvc;
    @Autowired DynauthPageLayout layout;

    private static String page(MvcResult r, int status, String kind, String path) throws Exception {
        String html = r.getResponse().getContentAsString();
        assertEquals(status, r.getResponse().getStatus(), html);
        assertTrue(r.getResponse().getContentType().startsWith("text/html"), r.getResponse().getContentType());
        assertEquals("no-store", r.getResponse().getHeader("Cache-Control"));
        assertEquals(html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, r.getResponse().getContentLength());
        assertTrue(html.startsWith("<!DOCTYPE html><html><head><title>"), html);
        assertTrue(html.contains("<div id=\"site\" data-page=\"" + kind + "\" data-path=\"" + path + "\">"), html);
        assertFalse(html.contains("<main"), "not the starter's default document: " + html);
        assertFalse(html.contains("&amp;amp;") || html.contains("&amp;lt;") || html.contains("&amp;quot;")
                || html.contains("&lt;p") || html.contains("&lt;form"), "nothing escaped twice: " + html);
        return html;
    }

    @Test
    void theApplicationsLayoutReplacesTheDefault() {
        assertFalse(layout.getClass().getName().startsWith(DynauthPageLayout.class.getName()),
                "the application's bean, not the starter's default: " + layout.getClass());
    }

    @Test
    void theSignInPageIsWrapped() throws Exception {
        Browser browser = new Browser(mvc);
        String html = page(browser.get("/api/auth/signin?callbackUrl=%2Fme%3Fa%3D1%26b%3D2"), 200, "SIGN_IN",
                "/api/auth/signin");
        assertTrue(html.contains("<title>Sign in | Site</title>"), html);
        assertTrue(html.contains("<h2>Sign in</h2><p>Enter your email address"), html);
        assertTrue(html.contains("</p><form method=\"post\" action=\"/api/auth/signin/email\">"), html);
        // the callback URL is escaped once, by the starter: the layout inserts the body as is
        assertTrue(html.contains("name=\"callbackUrl\" value=\"/me?a=1&amp;b=2\""), html);
        assertTrue(html.contains("name=\"_csrf\" value=\""), html);
        assertTrue(html.endsWith("</button></form></div></body></html>"), html);

        String withError = page(browser.get("/api/auth/signin?error=Verification"), 200, "SIGN_IN", "/api/auth/signin");
        assertTrue(withError.contains("<h2>Sign in</h2><p role=\"alert\">The sign-in link is no longer valid."), withError);
    }

    @Test
    void theCheckYourEmailPageIsWrapped() throws Exception {
        String html = page(new Browser(mvc).get("/api/auth/verify-request?provider=email&type=email"), 200,
                "VERIFY_REQUEST", "/api/auth/verify-request");
        assertTrue(html.contains("<title>Check your email | Site</title>"), html);
        assertTrue(html.contains("<h2>Check your email</h2><p>A sign-in link has been sent to your email address.</p></div>"),
                html);
    }

    @Test
    void theErrorPagesAreWrappedWithTheirStatus() throws Exception {
        String html = page(new Browser(mvc).get("/api/auth/error?error=Verification"), 400, "ERROR", "/api/auth/error");
        assertTrue(html.contains("<title>Unable to sign in | Site</title>"), html);
        assertTrue(html.contains("<h2>Unable to sign in</h2><p role=\"alert\">The sign-in link is no longer valid."), html);
        assertTrue(html.contains("<p><a href=\"/api/auth/signin\">Sign in</a></p></div>"), html);

        String denied = page(new Browser(mvc).get("/api/auth/error?error=AccessDenied"), 403, "ERROR", "/api/auth/error");
        assertTrue(denied.contains("<h2>Access denied</h2>"), denied);

        String unknown = page(new Browser(mvc).get("/api/auth/error?error=%3Cscript%3E"), 400, "ERROR", "/api/auth/error");
        assertFalse(unknown.contains("<script"), unknown);
    }

    @Test
    void theDefaultLayoutIsTheStartersBareDocument() {
        String html = DynauthPageLayout.standard().render(null, DynauthPageLayout.Page.ERROR, "A <b> & c", "<p>x &amp; y</p>");
        assertEquals("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A &lt;b&gt; &amp; c</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
                + "<main style=\"max-width:28rem;margin:3rem auto;font-family:sans-serif\"><h1>A &lt;b&gt; &amp; c</h1>"
                + "<p>x &amp; y</p></main></body></html>", html);
    }
}
