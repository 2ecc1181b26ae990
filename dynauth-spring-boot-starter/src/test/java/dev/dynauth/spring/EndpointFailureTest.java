package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.app.DynauthAppTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A failure inside a dynauth endpoint (here a real one: the table does not exist, so every DynamoDB call
 * throws) yields Auth.js's {@code Configuration} error page, never a stack trace or an exception's message.
 */
@DynauthAppTest(properties = {"dynauth.table-name=no-such-table",
        "dynauth.create-table-if-missing=false"})
class EndpointFailureTest {

    @Autowired MockMvc mvc;

    private static void assertNoInternals(String body) {
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("no-such-table"), body);
        assertFalse(body.contains("\tat "), body);
        assertFalse(body.contains("dev.dynauth"), body);
        assertFalse(body.contains("software.amazon"), body);
    }

    @Test
    void aFailingMagicLinkCallbackShowsTheConfigurationErrorPage() throws Exception {
        MvcResult r = new Browser(mvc).get("/api/auth/callback/email?email=a%40example.com&token=" + UUID.randomUUID());
        assertEquals(500, r.getResponse().getStatus());
        String html = r.getResponse().getContentAsString();
        assertTrue(r.getResponse().getContentType().startsWith("text/html"));
        assertTrue(html.contains("problem with the server configuration"), html);
        assertNoInternals(html);
    }

    @Test
    void aFailingSessionLookupAnswersJsonWithoutInternals() throws Exception {
        Browser browser = new Browser(mvc);
        browser.cookies.put("authjs.session-token", UUID.randomUUID().toString());
        MvcResult r = browser.get("/api/auth/session");
        assertEquals(500, r.getResponse().getStatus());
        assertEquals("{\"error\":\"Configuration\"}", r.getResponse().getContentAsString());
    }

    @Test
    void aFailingLinkRequestGoesToTheErrorPage() throws Exception {
        Browser browser = new Browser(mvc);
        String csrf = Browser.csrfField(browser.get("/api/auth/signin"));
        MvcResult r = browser.post("/api/auth/signin/email", java.util.Map.of("email", "b@example.com", "_csrf", csrf));
        // a server fault: the Configuration page, never EmailSignin's "check the email address"
        assertEquals("/api/auth/error?error=Configuration", r.getResponse().getRedirectedUrl());
        String page = browser.get(r.getResponse().getRedirectedUrl()).getResponse().getContentAsString();
        assertNoInternals(page);
        assertFalse(page.contains("Check the email address"), page);
    }
}
