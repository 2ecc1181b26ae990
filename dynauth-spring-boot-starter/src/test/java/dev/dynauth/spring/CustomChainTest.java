package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.custom.CustomChainApp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** An application's own SecurityFilterChain with {@code http.with(dynauth, ...)}, as in the README. */
@DynauthAppTest(classes = CustomChainApp.class, properties = {"dynauth.dynamodb.mode=embedded",
        "dynauth.secret=another-test-secret", "dynauth.email.log-links=true"})
class CustomChainTest {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired Clock clock;

    @Test
    void protectedPathsNeedAnAuthJsSessionAndTheRestIsOpen() throws Exception {
        Browser browser = new Browser(mvc);
        assertEquals(200, browser.get("/").getResponse().getStatus());
        MvcResult denied = browser.get("/admin/whoami");
        assertEquals(302, denied.getResponse().getStatus());
        assertTrue(denied.getResponse().getRedirectedUrl().endsWith("/api/auth/signin"));

        AdapterUser u = adapter.createUser(AdapterUser.builder().email("custom@example.com").build());
        String token = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(token, u.id(), clock.instant().plus(Duration.ofDays(30))));
        browser.cookies.put("authjs.session-token", token);
        MvcResult ok = browser.get("/admin/whoami");
        assertEquals(200, ok.getResponse().getStatus());
        assertEquals("custom@example.com", ok.getResponse().getContentAsString());

        // the dynauth endpoints are part of the chain: sign-in page, magic link request, sign-out
        MvcResult page = browser.get("/api/auth/signin");
        assertEquals(200, page.getResponse().getStatus());
        assertEquals("/api/auth/verify-request?provider=email&type=email", browser.post("/api/auth/signin/email",
                Map.of("email", "someone@example.com", "_csrf", Browser.csrfField(page))).getResponse().getRedirectedUrl());
        browser.post("/api/auth/signout", Map.of("_csrf", Browser.csrfField(page)));
        assertTrue(adapter.getSessionAndUser(token).isEmpty());
        assertEquals(302, browser.get("/admin/whoami").getResponse().getStatus());
    }
}
