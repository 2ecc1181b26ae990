package dev.dynauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterAuthenticator;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.CounterRegressionException;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.EmailAlreadyInUseException;
import dev.dynauth.NotFoundException;
import dev.dynauth.TableChecker;
import dev.dynauth.TableOptions;
import dev.dynauth.TableReport;
import dev.dynauth.UserUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Races beyond the conformance suite's: each ends with the invariant checker clean. */
class RacesTest {
    private static LocalTable table;
    private static DynamoDbAdapter adapter;
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        table = LocalTable.start(CustomNamesConformanceTest.CUSTOM);
        adapter = DynamoDbAdapter.builder().client(table.client()).options(CustomNamesConformanceTest.CUSTOM).build();
        pool = Executors.newCachedThreadPool(); // every task of a race needs its own thread (a barrier waits for all)
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        table.close();
    }

    static TableReport check() {
        return TableChecker.builder(table.client()).options(CustomNamesConformanceTest.CUSTOM).build().check();
    }

    static String email() {
        return UUID.randomUUID() + "@example.com";
    }

    /** Runs the tasks at once (a barrier releases them together) and returns their outcomes: a value or the exception. */
    static List<Object> race(List<Callable<Object>> tasks) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(tasks.size());
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> task : tasks) {
            futures.add(pool.submit(() -> {
                barrier.await();
                try {
                    return task.call();
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        List<Object> out = new ArrayList<>();
        for (Future<Object> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void emailChangeAgainstSignUpWithThatEmail() throws Exception {
        for (int round = 0; round < 20; round++) {
            AdapterUser ada = adapter.createUser(AdapterUser.builder().email(email()).build());
            String wanted = email();
            String newId = UUID.randomUUID().toString();
            List<Object> out = race(List.of(
                    () -> adapter.updateUser(UserUpdate.of(ada.id()).email(wanted).build()),
                    () -> adapter.createUser(AdapterUser.builder().id(newId).email(wanted).build())));
            long won = out.stream().filter(o -> o instanceof AdapterUser).count();
            assertEquals(1, won, "exactly one of them gets the email: " + out);
            assertTrue(out.stream().allMatch(o -> o instanceof AdapterUser || o instanceof EmailAlreadyInUseException), out::toString);
            AdapterUser owner = adapter.getUserByEmail(wanted).orElseThrow();
            assertEquals(out.get(0) instanceof AdapterUser ? ada.id() : newId, owner.id());
        }
        assertEquals(List.of(), check().violations());
    }

    @Test
    void deleteUserAgainstCreateSessionLinkAccountAndCreateAuthenticator() throws Exception {
        AtomicInteger refused = new AtomicInteger();
        for (int round = 0; round < 25; round++) {
            AdapterUser u = adapter.createUser(AdapterUser.builder().email(email()).build());
            String token = UUID.randomUUID().toString();
            String cred = UUID.randomUUID().toString();
            List<Object> out = race(List.of(
                    () -> adapter.deleteUser(u.id()),
                    () -> adapter.createSession(new AdapterSession(token, u.id(), Instant.now().plus(Duration.ofDays(1)))),
                    () -> adapter.linkAccount(AdapterAccount.builder().userId(u.id()).type("oauth").provider("github")
                            .providerAccountId(UUID.randomUUID().toString()).build()),
                    () -> adapter.createAuthenticator(new AdapterAuthenticator(cred, u.id(), cred, "k", 0, "singleDevice", false, null))));
            for (Object o : out.subList(1, 4)) {
                if (o instanceof NotFoundException) {
                    refused.incrementAndGet();
                } else {
                    assertTrue(!(o instanceof Throwable), "only success or NotFoundException: " + o);
                }
            }
            assertEquals(Optional.empty(), adapter.getUser(u.id()));
            assertEquals(0, adapter.countUserItems(u.id()).items(), "no orphan survives");
        }
        assertEquals(List.of(), check().violations());
    }

    @Test
    void authenticatorCounterNeverMovesBackwards() throws Exception {
        AdapterUser u = adapter.createUser(AdapterUser.builder().email(email()).build());
        String cred = UUID.randomUUID().toString();
        adapter.linkAccount(AdapterAccount.builder().userId(u.id()).type("webauthn").provider("webauthn").providerAccountId(cred).build());
        adapter.createAuthenticator(new AdapterAuthenticator(cred, u.id(), cred, "k", 10, "singleDevice", false, null));
        assertThrows(CounterRegressionException.class, () -> adapter.updateAuthenticatorCounter(cred, 9));
        assertThrows(CounterRegressionException.class, () -> adapter.updateAuthenticatorCounter(cred, 0));
        assertEquals(10, adapter.getAuthenticator(cred).orElseThrow().counter(), "refused without writing");
        AtomicLong highest = new AtomicLong();
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            long c = 11 + i;
            tasks.add(() -> {
                AdapterAuthenticator a = adapter.updateAuthenticatorCounter(cred, c);
                highest.accumulateAndGet(c, Math::max);
                return a;
            });
        }
        List<Object> out = race(tasks);
        assertTrue(out.stream().allMatch(o -> o instanceof AdapterAuthenticator || o instanceof CounterRegressionException), out::toString);
        assertEquals(highest.get(), adapter.getAuthenticator(cred).orElseThrow().counter(), "the highest accepted counter is stored");
        assertEquals(26, highest.get() >= 26 ? 26 : -1, "the highest counter always wins (nothing is above it)");

        String zero = UUID.randomUUID().toString();
        adapter.linkAccount(AdapterAccount.builder().userId(u.id()).type("webauthn").provider("webauthn").providerAccountId(zero).build());
        adapter.createAuthenticator(new AdapterAuthenticator(zero, u.id(), zero, "k", 0, "singleDevice", false, null));
        assertEquals(0, adapter.updateAuthenticatorCounter(zero, 0).counter(), "authenticators without a counter always send 0");
        assertEquals(List.of(), check().violations());
    }
}
