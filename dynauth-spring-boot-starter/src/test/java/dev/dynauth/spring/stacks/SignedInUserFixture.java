package dev.dynauth.spring.stacks;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.app.TestApp;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** A fresh user per case and Auth.js sessions for it, on either stack's test app (both have the movable clock). */
public abstract class SignedInUserFixture {

    @Autowired protected Adapter adapter;
    @Autowired protected TestApp.MutableClock clock;
    protected AdapterUser user;

    @BeforeEach
    void createUser() {
        user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").name("Ada").build());
    }

    /** The clock is shared with the other cases of a cached context: put it back. */
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A session exactly as Auth.js core creates it: randomUUID token, expires now + 30 days. */
    protected String authJsSession() {
        String token = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(token, user.id(), clock.instant().plus(Duration.ofDays(30))));
        return token;
    }
}
