package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.app.DynauthAppTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The README's shared-table setup: no mail sender and {@code dynauth.email.log-links=false}. The sign-in page offers
 * only what can work (no email form), and a posted address is a 4xx, never {@code error=Configuration} or a 500.
 */
@DynauthAppTest(properties = {"dynauth.table-name=no-mail", "test.capturing-sender=false",
        "dynauth.email.log-links=false", "dynauth.passkeys.enabled=true"})
class SignInWithoutMailTest {

    @Autowired MockMvc mvc;

    @Test
    void theSignInPageOffersNoEmailSignInAndAPostedAddressIsRefusedPlainly() throws Exception {
        Browser browser = new Browser(mvc);
        MvcResult page = browser.get("http://127.0.0.1/api/auth/signin");
        assertEquals(200, page.getResponse().getStatus());
        String html = page.getResponse().getContentAsString();
        assertFalse(html.contains("dynauth-email-signin") || html.contains("name=\"email\""), html);
        assertTrue(html.contains("passkey"), "the methods that work are still offered: " + html);

        // a form from elsewhere (an old page, an application's own) still posts an address, with a valid CSRF token
        MvcResult posted = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("http://127.0.0.1/api/auth/signin/email").param("email", "ada@example.com").accept("text/html")
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()))
                .andReturn();
        int status = posted.getResponse().getStatus();
        assertTrue(status >= 400 && status < 500, "status " + status + " " + posted.getResponse().getRedirectedUrl());
        String location = String.valueOf(posted.getResponse().getRedirectedUrl());
        assertFalse(location.contains("Configuration"), location);
    }
}
