package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.app.TestApp;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code dynauth.sign-in-page}: signed-out users go to the application's own sign-in page. */
@DynauthAppTest(properties = "dynauth.sign-in-page=/login")
class AppSignInPageTest {

    @Autowired MockMvc mvc;
    @Autowired TestApp.CapturingSender sender;

    @Test
    void signedOutUsersGoToTheAppsPageWhichSignsThemInBackWhereTheyWere() throws Exception {
        Browser browser = new Browser(mvc);
        MvcResult denied = browser.get("/me");
        assertEquals(302, denied.getResponse().getStatus());
        assertTrue(denied.getResponse().getRedirectedUrl().endsWith("/login"), denied.getResponse().getRedirectedUrl());
        MvcResult page = browser.get("/login");
        assertEquals(200, page.getResponse().getStatus(), "the app's own sign-in page is public");

        // the app's form need not carry a callbackUrl: the link leads back to the page the user wanted
        String csrf = Browser.csrfField(browser.get("/api/auth/signin"));
        int before = sender.links.size();
        MvcResult sent = browser.post("/api/auth/signin/email", Map.of("email", "own-page@example.com", "_csrf", csrf));
        assertEquals("/api/auth/verify-request?provider=email&type=email", sent.getResponse().getRedirectedUrl());
        assertEquals(before + 1, sender.links.size());
        String link = sender.last().url();
        String callbackUrl = URLDecoder.decode(UriComponentsBuilder.fromUri(URI.create(link)).build(true)
                .getQueryParams().getFirst("callbackUrl"), StandardCharsets.UTF_8);
        assertEquals("/me", callbackUrl);

        MvcResult signedIn = browser.get(link);
        assertEquals(302, signedIn.getResponse().getStatus());
        assertEquals("/me", signedIn.getResponse().getRedirectedUrl());
        assertNotNull(browser.cookies.get("authjs.session-token"));
        assertEquals(200, browser.get("/me").getResponse().getStatus());
    }

    @Test
    void errorPagesLinkToTheAppsSignInPage() throws Exception {
        String html = new Browser(mvc).get("/api/auth/error?error=Verification").getResponse().getContentAsString();
        assertTrue(html.contains("<a href=\"/login\">Sign in</a>"), html);
    }

    @Test
    void apiClientsStillGet401() throws Exception {
        MvcResult r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/me")
                .accept("application/json")).andReturn();
        assertEquals(401, r.getResponse().getStatus());
    }
}
