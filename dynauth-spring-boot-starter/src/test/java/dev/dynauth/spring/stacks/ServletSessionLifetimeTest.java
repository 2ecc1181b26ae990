package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.app.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * {@code dynauth.session.max-lifetime} (OWASP ASVS 7.3.2): however active, a session ends that long after its
 * sign-in, beside Auth.js's sliding expiry, which never extends it past that point.
 */
@DynauthAppTest(properties = {"dynauth.table-name=session-lifetime",
        "dynauth.session.max-lifetime=2h", "dynauth.session.update-age=0s"})
class SessionLifetimeTest {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;
    @Autowired TestApp.CapturingSender sender;

    private MvcResult me(Browser b) throws Exception {
        return b.perform(MockMvcRequestBuilders.get("/me").accept("application/json"));
    }

    @Test
    void aSessionEndsAtItsAbsoluteLifetimeHoweverActive() throws Exception {
        Browser b = new Browser(mvc);
        MvcResult page = b.get("http://localhost/api/auth/signin");
        b.post("http://localhost/api/auth/signin/email", Map.of("email", "lifetime@example.com", "_csrf", Browser.csrfField(page)));
        b.get(sender.last().url());
        String token = b.cookies.get("authjs.session-token");
        Instant signedIn = clock.instant();
        assertEquals(signedIn.plus(Duration.ofHours(2)), adapter.getSessionAndUser(token).orElseThrow().session().expires(),
                "never longer than the absolute lifetime");
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofMinutes(17));
            assertEquals(200, me(b).getResponse().getStatus(), "active, within the lifetime");
            assertTrue(!adapter.getSessionAndUser(token).orElseThrow().session().expires()
                    .isAfter(signedIn.plus(Duration.ofHours(2))), "the sliding expiry stops at the absolute lifetime");
        }
        clock.advance(Duration.ofMinutes(2 * 60 - 7 * 17 + 1));
        assertEquals(401, me(b).getResponse().getStatus(), "past the absolute lifetime");
        assertTrue(adapter.getSessionAndUser(token).isEmpty());
    }
}
