package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.SessionTokens;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.spring.app.TestApp;
import dev.dynauth.testkit.FaultInjectingClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Fail closed (parity with Auth.js's 2026-06 fix): DynamoDB failing while a session is read (throttled, a 500, a
 * timeout) never yields a session on any path, in either strategy; a sign-out whose revocation could not be recorded
 * does not say it signed out. The faults are injected into the blocking {@code DynamoDbClient} the servlet side reads
 * with; the reactive side's read fails closed in {@code ReactiveDynamoDbUnavailableTest}, and the malformed-cookie case
 * runs on both stacks in {@code stacks.SessionBehaviourCases}. The injectors let every call through but while a test
 * here turns them on, so the other {@link MigrationWithRevocationTest} classes share this context.
 */
@MigrationWithRevocationTest
class SessionReadFailsClosedTest {

    static final String COOKIE = "authjs.session-token";
    static FaultInjectingClient faults;
    /** Armed once: lets the request's first call to the table through and fails its second. */
    static FaultInjectingClient secondFails;

    @TestConfiguration
    static class Faults {
        /** Every request to the table fails while enabled. */
        @Bean
        static BeanPostProcessor faultyDynamoDb() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof DynamoDbClient client && faults == null) {
                        faults = FaultInjectingClient.builder(client).rate(1.0).kinds(EnumSet.of(
                                FaultInjectingClient.Fault.THROTTLE, FaultInjectingClient.Fault.SERVER_ERROR,
                                FaultInjectingClient.Fault.TIMEOUT)).build();
                        faults.enabled(false);
                        // the second request to the table fails, the first does not (the seed's first two draws)
                        long seed = 0;
                        for (java.util.Random r = new java.util.Random(seed); !(r.nextDouble() >= 0.5 && r.nextDouble() < 0.5);
                                r = new java.util.Random(++seed)) {
                            // the next seed
                        }
                        secondFails = FaultInjectingClient.builder(faults.client()).seed(seed).rate(0.5)
                                .kinds(EnumSet.of(FaultInjectingClient.Fault.THROTTLE)).build();
                        secondFails.enabled(false);
                        return secondFails.client();
                    }
                    return bean;
                }
            };
        }
    }

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;

    @AfterEach
    void off() {
        faults.enabled(false);
    }

    private static final List<String> PATHS = List.of("/me", "/api/auth/session", "/webauthn/register", "/api/auth/signin",
            "/public/hello");

    /** No path answers as the user while every read fails. */
    private void assertNoSessionOnAnyPath(Browser b, AdapterUser user) throws Exception {
        for (String path : PATHS) {
            faults.enabled(true);
            MvcResult r = b.get(path);
            faults.enabled(false);
            String body = r.getResponse().getContentAsString();
            assertFalse(body.contains(user.email()) || body.contains(user.id()), path + ": " + body);
            if (!path.equals("/api/auth/signin") && !path.equals("/public/hello")) {
                assertNotEquals(200, r.getResponse().getStatus(), path);
            }
        }
        faults.enabled(true);
        MvcResult post = b.perform(MockMvcRequestBuilders.post("/webauthn/register/options").header("X-XSRF-TOKEN",
                b.cookies.getOrDefault("XSRF-TOKEN", "")).accept(MediaType.APPLICATION_JSON));
        faults.enabled(false);
        assertFalse(post.getResponse().getContentAsString().contains("challenge"), "no passkey ceremony");
    }

    @Test
    void aDatabaseSessionReadThatFailsSignsNobodyIn() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        String token = SessionTokens.issue(user.id());
        adapter.createSession(new AdapterSession(token, user.id(), clock.instant().plus(Duration.ofDays(30))));
        Browser b = new Browser(mvc);
        b.get("/api/auth/signin");
        b.cookies.put(COOKIE, token);
        assertNoSessionOnAnyPath(b, user);
        b.cookies.put(COOKIE, token);
        assertEquals(200, b.get("/me").getResponse().getStatus(), "the control: the session itself is fine");
    }

    @Test
    void aRevocationCheckThatFailsSignsNobodyIn() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        Browser b = new Browser(mvc);
        b.get("/api/auth/signin");
        String jwt = jwt(user);
        b.cookies.put(COOKIE, jwt);
        assertNoSessionOnAnyPath(b, user);
        b.cookies.put(COOKIE, jwt);
        assertEquals(200, b.get("/me").getResponse().getStatus(), "the control");
    }

    /** A sign-out whose revocation was not recorded must not say "signed out": a copy of the token would still work. */
    @Test
    void aSignOutThatCannotRecordTheRevocationDoesNotClaimIt() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        Browser b = new Browser(mvc);
        String csrf = Browser.csrfField(b.get("/api/auth/signin"));
        String jwt = jwt(user);
        b.cookies.put(COOKIE, jwt);
        assertEquals(200, b.get("/me").getResponse().getStatus());
        // the request's own session read (one GetItem) succeeds; the revocation's write fails
        MvcResult out;
        long before = secondFails.requests();
        try {
            secondFails.enabled(true);
            out = b.post("/api/auth/signout", Map.of("_csrf", csrf));
        } finally {
            secondFails.enabled(false);
        }
        assertEquals(1, secondFails.injected().get(FaultInjectingClient.Fault.THROTTLE), "the second call failed");
        assertTrue(secondFails.requests() - before >= 2);
        Browser copy = new Browser(mvc);
        copy.cookies.put(COOKIE, jwt);
        boolean copyStillIn = copy.get("/me").getResponse().getStatus() == 200;
        if (copyStillIn) {
            assertEquals(503, out.getResponse().getStatus(), "the sign-out says it did not happen");
            assertNull(out.getResponse().getRedirectedUrl());
        }
    }

    private String jwt(AdapterUser user) {
        return AuthJsJwt.builder().cookieName(COOKIE).secrets("test-secret-not-for-production").clock(clock).build()
                .encode(Map.of("sub", user.id(), "email", user.email()), Duration.ofDays(30));
    }
}
