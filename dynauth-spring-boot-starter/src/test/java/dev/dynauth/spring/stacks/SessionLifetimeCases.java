package dev.dynauth.spring.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.spring.app.TestApp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code dynauth.session.max-lifetime} (OWASP ASVS 7.3.2) on both stacks ({@link ServletSessionLifetimeTest},
 * {@link ReactiveSessionLifetimeTest}), each with {@code max-lifetime=2h} and {@code update-age=0s}: however active, a
 * session ends that long after its sign-in, beside Auth.js's sliding expiry, which never extends it past that point.
 */
abstract class SessionLifetimeCases {

    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;
    @Autowired TestApp.CapturingSender sender;

    /** Signs in with a magic link as a browser does (sign-in page, its form, the mailed link); the session token. */
    abstract String signIn(String email) throws Exception;

    /** The status of {@code GET /me} (Accept: application/json) with the session cookie. */
    abstract int me(String token) throws Exception;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aSessionEndsAtItsAbsoluteLifetimeHoweverActive() throws Exception {
        String token = signIn("lifetime-" + java.util.UUID.randomUUID() + "@example.com");
        Instant signedIn = clock.instant();
        assertEquals(signedIn.plus(Duration.ofHours(2)), adapter.getSessionAndUser(token).orElseThrow().session().expires(),
                "never longer than the absolute lifetime");
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofMinutes(17));
            assertEquals(200, me(token), "active, within the lifetime");
            assertTrue(!adapter.getSessionAndUser(token).orElseThrow().session().expires()
                    .isAfter(signedIn.plus(Duration.ofHours(2))), "the sliding expiry stops at the absolute lifetime");
        }
        clock.advance(Duration.ofMinutes(2 * 60 - 7 * 17 + 1));
        assertEquals(401, me(token), "past the absolute lifetime");
        assertTrue(adapter.getSessionAndUser(token).isEmpty());
    }
}
