package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.app.TestApp;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Issue 8's defects in the starter's default set-up (no public URL, development on loopback), one test each:
 * poisoned Host headers, links consumed by HEAD, unknown providers, oversized saved requests, {@code /error}.
 */
@DynauthAppTest
class SignInDefectsTest {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.CapturingSender sender;

    @Test
    void withoutAPublicUrlAForeignHostGetsNoLink() throws Exception {
        Browser b = new Browser(mvc);
        MvcResult page = b.get("http://evil.example/api/auth/signin");
        int before = sender.links.size();
        MvcResult sent = b.post("http://evil.example/api/auth/signin/email",
                Map.of("email", "host-victim@example.com", "_csrf", Browser.csrfField(page)));
        assertEquals(400, sent.getResponse().getStatus());
        assertTrue(sent.getResponse().getContentAsString().contains("does not answer to the address you used"));
        assertEquals(before, sender.links.size(), "no link mailed");
        // on loopback (development) the request's own host name is used, with the socket's port (MockMvc's: 80),
        // not the port the Host header names
        MvcResult local = b.post("http://localhost:8443/api/auth/signin/email",
                Map.of("email", "host-victim@example.com", "_csrf", Browser.csrfField(page)));
        assertEquals(302, local.getResponse().getStatus());
        assertTrue(sender.last().url().startsWith("http://localhost/api/auth/callback/email?"), sender.last().url());
    }

    @Test
    void onlyGetConsumesALink() throws Exception {
        Browser b = new Browser(mvc);
        MvcResult page = b.get("http://localhost/api/auth/signin");
        b.post("http://localhost/api/auth/signin/email", Map.of("email", "head@example.com", "_csrf", Browser.csrfField(page)));
        String link = sender.last().url();
        Browser scanner = new Browser(mvc);
        MvcResult head = scanner.perform(MockMvcRequestBuilders.head(URI.create(link)));
        assertEquals(200, head.getResponse().getStatus());
        assertNull(scanner.setCookie("authjs.session-token"), "a HEAD gets no session");
        assertTrue(adapter.getUserByEmail("head@example.com").isEmpty(), "and consumes nothing");
        MvcResult get = b.get(link);
        assertEquals("/", get.getResponse().getRedirectedUrl());
        assertTrue(b.cookies.containsKey("authjs.session-token"));
    }

    @Test
    void anUnknownProviderIsA404WithOneLogLineAndNoStackTrace() throws Exception {
        try (LogCapture logs = LogCapture.start_()) {
            for (int i = 0; i < 5; i++) {
                MvcResult r = new Browser(mvc).get("http://localhost/api/auth/signin/no-such-provider");
                assertEquals(404, r.getResponse().getStatus());
                assertTrue(r.getResponse().getContentAsString().contains("no such sign-in provider"));
            }
            assertEquals(java.util.List.of(), logs.withStackTraces());
        }
    }

    @Test
    void aVeryLongPathIsNotSavedInACookie() throws Exception {
        Browser b = new Browser(mvc);
        MvcResult r = b.get("http://localhost/" + "a".repeat(6000));
        assertEquals(302, r.getResponse().getStatus());
        assertNull(b.setCookie("REDIRECT_URI"), "no 6 KB cookie that overflows the next request's header buffer");
        b.get("http://localhost/me?tab=2");
        assertTrue(b.setCookie("REDIRECT_URI") != null, "short ones are kept");
    }

    @Test
    void theErrorPageAskedForDirectlyIsNotFound() throws Exception {
        MvcResult r = new Browser(mvc).get("http://localhost/error");
        assertEquals(404, r.getResponse().getStatus());
        assertFalse(r.getResponse().getContentAsString().contains("Whitelabel"));
    }

    @Test
    void aShortLivedDefaultForLinks(@Autowired DynauthProperties properties) {
        assertEquals(Duration.ofMinutes(10), new DynauthProperties().getEmail().getMaxAge(), "OWASP ASVS 6.5.5");
        assertEquals(Duration.ofMinutes(10), properties.getEmail().getMaxAge());
    }
}
