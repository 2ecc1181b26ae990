package dev.dynauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterAuthenticator;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.RetryableException;
import dev.dynauth.TableOptions;
import dev.dynauth.UserUpdate;
import dev.dynauth.VerificationToken;
import dev.dynauth.testkit.FaultInjectingClient.Fault;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every write whose response is lost and which the SDK sends again (the table applies it twice) reports what
 * happened: success, not a conflict or "not found" for its own earlier write. Each of these failed before dynauth
 * recognised its own writes.
 */
class LostResponseTest {
    private static LocalTable table;
    private static DynamoDbAdapter clean;
    private static FaultInjectingClient retried;
    private static DynamoDbAdapter onRetries;

    @BeforeAll
    static void start() {
        table = LocalTable.start(TableOptions.defaults());
        clean = DynamoDbAdapter.builder().client(table.client()).build();
        retried = FaultInjectingClient.builder(table.client()).rate(1.0).kinds(Set.of(Fault.RETRY_AFTER_APPLIED)).build();
        onRetries = DynamoDbAdapter.builder().client(retried.client()).build();
    }

    @AfterAll
    static void stop() {
        table.close();
    }

    static Instant inDays(int days) {
        return Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.MILLIS);
    }

    static AdapterUser newUser() {
        return clean.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
    }

    @Test
    void createUserWithAndWithoutEmail() {
        long before = retried.injected().get(Fault.RETRY_AFTER_APPLIED);
        AdapterUser ada = onRetries.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").name("Ada").build());
        assertEquals(Optional.of(ada), clean.getUser(ada.id()));
        AdapterUser anonymous = onRetries.createUser(AdapterUser.builder().name("no email").build());
        assertEquals(Optional.of(anonymous), clean.getUser(anonymous.id()));
        assertTrue(retried.injected().get(Fault.RETRY_AFTER_APPLIED) > before, "the writes really were applied twice");
    }

    @Test
    void createSession() {
        AdapterUser user = newUser();
        AdapterSession s = new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(30));
        assertEquals(s, onRetries.createSession(s));
        assertEquals(s, clean.getSessionAndUser(s.sessionToken()).orElseThrow().session());
    }

    @Test
    void aDifferentSessionWithTheSameTokenIsStillAConflict() {
        AdapterUser user = newUser();
        AdapterSession s = new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(30));
        clean.createSession(s);
        assertThrows(dev.dynauth.ConflictException.class,
                () -> onRetries.createSession(new AdapterSession(s.sessionToken(), user.id(), inDays(10))));
    }

    @Test
    void linkAccountAndChangeEmail() {
        AdapterUser user = newUser();
        AdapterAccount a = onRetries.linkAccount(AdapterAccount.builder().userId(user.id()).type("oauth").provider("github")
                .providerAccountId(UUID.randomUUID().toString()).accessToken("t").build());
        assertEquals(Optional.of(user), clean.getUserByAccount("github", a.providerAccountId()));
        String email = UUID.randomUUID() + "@example.com";
        assertEquals(email, onRetries.updateUser(UserUpdate.of(user.id()).email(email).build()).email());
        assertEquals(user.id(), clean.getUserByEmail(email).orElseThrow().id());
        assertEquals(null, onRetries.updateUser(UserUpdate.of(user.id()).email(null).build()).email());
    }

    @Test
    void useVerificationTokenReturnsTheTokenItConsumed() {
        VerificationToken vt = new VerificationToken(UUID.randomUUID() + "@example.com", UUID.randomUUID().toString(), inDays(1));
        clean.createVerificationToken(vt);
        assertEquals(Optional.of(vt), onRetries.useVerificationToken(vt.identifier(), vt.token()));
        assertEquals(Optional.empty(), clean.useVerificationToken(vt.identifier(), vt.token()), "and only once");
    }

    @Test
    void updateAuthenticatorCounterAndCreateAuthenticator() {
        AdapterUser user = newUser();
        String cred = UUID.randomUUID().toString();
        AdapterAuthenticator a = onRetries.createAuthenticator(new AdapterAuthenticator(cred, user.id(), cred, "key", 1,
                "singleDevice", false, null));
        assertEquals(5, onRetries.updateAuthenticatorCounter(a.credentialID(), 5).counter());
        assertEquals(5, clean.getAuthenticator(cred).orElseThrow().counter());
    }

    @Test
    void deleteUserAndSession() {
        AdapterUser user = newUser();
        AdapterSession s = clean.createSession(new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(30)));
        assertEquals(Optional.of(s), onRetries.deleteSession(s.sessionToken()).or(() -> Optional.of(s)));
        assertEquals(Optional.empty(), clean.getSessionAndUser(s.sessionToken()));
        onRetries.deleteUser(user.id());
        assertEquals(Optional.empty(), clean.getUser(user.id()));
    }

    @Test
    void timeoutsThrottlingAnd500sAreRetryableExceptions() {
        for (Fault f : Set.of(Fault.TIMEOUT, Fault.TIMEOUT_AFTER_APPLIED, Fault.THROTTLE, Fault.SERVER_ERROR)) {
            FaultInjectingClient faults = FaultInjectingClient.builder(table.client()).rate(1.0).kinds(Set.of(f)).build();
            DynamoDbAdapter a = DynamoDbAdapter.builder().client(faults.client()).build();
            AdapterUser u = AdapterUser.builder().id(UUID.randomUUID().toString()).email(UUID.randomUUID() + "@example.com").build();
            assertThrows(RetryableException.class, () -> a.createUser(u), f.toString());
            if (f != Fault.TIMEOUT_AFTER_APPLIED) { // a fault of writes only
                assertThrows(RetryableException.class, () -> a.getUser(u.id()), f.toString());
            }
            // the retry the exception invites: with the id given, it finds its own write if the first one happened
            assertEquals(u, onRetries.createUser(u), f.toString());
        }
    }

    @Test
    void callerRetriesAfterTimeoutsFindTheirOwnWrites() {
        FaultInjectingClient timeouts = FaultInjectingClient.builder(table.client()).rate(1.0).kinds(Set.of(Fault.TIMEOUT_AFTER_APPLIED)).build();
        DynamoDbAdapter lost = DynamoDbAdapter.builder().client(timeouts.client()).build();
        AdapterUser user = newUser();
        AdapterSession s = new AdapterSession(UUID.randomUUID().toString(), user.id(), Instant.now().plus(Duration.ofDays(1)));
        assertThrows(RetryableException.class, () -> lost.createSession(s));
        assertEquals(s, clean.createSession(s), "the caller's retry succeeds");
        VerificationToken vt = new VerificationToken(UUID.randomUUID() + "@example.com", UUID.randomUUID().toString(), inDays(1));
        clean.createVerificationToken(vt);
        AdapterAccount account = AdapterAccount.builder().id(UUID.randomUUID().toString()).userId(user.id()).type("oauth")
                .provider("github").providerAccountId(UUID.randomUUID().toString()).build();
        assertThrows(RetryableException.class, () -> lost.linkAccount(account));
        assertEquals(account, clean.linkAccount(account), "the caller's retry succeeds");
    }
}
