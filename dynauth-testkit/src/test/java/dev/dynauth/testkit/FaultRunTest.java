package dev.dynauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterAuthenticator;
import dev.dynauth.AdapterException;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.EmailAlreadyInUseException;
import dev.dynauth.RetryableException;
import dev.dynauth.TableChecker;
import dev.dynauth.TableReport;
import dev.dynauth.UserUpdate;
import dev.dynauth.VerificationToken;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The seeded, bounded randomized run: {@value #THREADS} threads run {@code dynauth.faults.ops} (default 5,000)
 * adapter calls against DynamoDB Local through {@link FaultInjectingClient} at a 20% fault rate. Every call either
 * succeeds or throws a typed exception (RetryableException: retry; the definite ones: do not); after each call the
 * table, read without faults, must show exactly what the call reported; at the end the invariant checker is clean.
 * Reproduce a run with {@code -Ddynauth.faults.seed=<the printed seed>} (thread interleaving still varies).
 */
class FaultRunTest {
    static final int THREADS = 8;
    static final double RATE = 0.2;

    final long seed = Long.getLong("dynauth.faults.seed", System.nanoTime());
    final int ops = Integer.getInteger("dynauth.faults.ops", 5000);
    final Queue<String> errors = new ConcurrentLinkedQueue<>();
    final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong unknownTokenOutcomes = new AtomicLong();
    final Map<String, AtomicLong> contestedWins = new ConcurrentHashMap<>();
    DynamoDbAdapter faulty;
    DynamoDbAdapter clean;

    @Test
    void everyCallTellsTheTruthUnderFaults() throws Exception {
        System.out.println("fault run: seed " + seed + " (rerun with -Ddynauth.faults.seed=" + seed + "), " + ops
                + " operations, " + THREADS + " threads, fault rate " + RATE);
        try (LocalTable table = LocalTable.start(CustomNamesConformanceTest.CUSTOM)) {
            FaultInjectingClient faults = FaultInjectingClient.builder(table.client()).seed(seed).rate(RATE).build();
            faulty = DynamoDbAdapter.builder().client(faults.client()).options(table.options()).build();
            clean = DynamoDbAdapter.builder().client(table.client()).options(table.options()).build();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> runThread(thread, ops / THREADS)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            faults.enabled(false);
            TableReport report = TableChecker.builder(table.client()).options(table.options()).build().check();
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("fault run: " + new TreeMap<>(calls) + " in " + millis + " ms; " + faults.requests()
                    + " requests, faults injected " + faults.injected() + "; " + retried.get()
                    + " RetryableExceptions retried by the caller; " + unknownTokenOutcomes.get()
                    + " verification tokens consumed by an attempt that timed out; " + report.scanned()
                    + " items checked, violations " + report.counts() + "; errors " + errors.size());
            assertEquals(List.of(), List.copyOf(errors), "seed " + seed);
            assertEquals(List.of(), report.violations(), "seed " + seed);
            contestedWins.forEach((email, wins) -> assertTrue(wins.get() <= 1, email + " won " + wins + " times; seed " + seed));
            assertTrue(faults.injected().values().stream().mapToLong(Long::longValue).sum() > ops / 20, "faults were injected");
        }
    }

    private record User(String id, String email, List<String> sessions, List<String> passkeys, long[] counter) {}

    private void runThread(int thread, int count) {
        Random r = new Random(seed * 31 + thread);
        List<User> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                step(thread, r, users);
            } catch (AdapterException definite) {
                errors.add(thread + ": unexpected " + definite.getClass().getSimpleName() + ": " + definite.getMessage());
            } catch (RuntimeException untyped) {
                errors.add(thread + ": untyped " + untyped);
            }
        }
    }

    private void step(int thread, Random r, List<User> users) {
        int op = users.isEmpty() ? 0 : r.nextInt(10);
        User u = users.isEmpty() ? null : users.get(r.nextInt(users.size()));
        switch (op) {
            case 0, 1 -> {
                String id = "u" + thread + "-" + r.nextLong();
                String email = id + "@example.com";
                AdapterUser created = call("createUser", () -> faulty.createUser(AdapterUser.builder().id(id).email(email).build()));
                expect(created.id().equals(id) && clean.getUser(id).isPresent() && clean.getUserByEmail(email).isPresent(),
                        "createUser reported success but the user is not there");
                users.add(new User(id, email, new ArrayList<>(), new ArrayList<>(), new long[1]));
            }
            case 2 -> {
                String token = "s" + r.nextLong() + "-" + r.nextLong();
                AdapterSession session = new AdapterSession(token, u.id(), Instant.now().plus(Duration.ofDays(1))); // the same on every retry
                call("createSession", () -> faulty.createSession(session));
                expect(clean.getSessionAndUser(token).map(s -> s.user().id().equals(u.id())).orElse(false), "createSession lost its session");
                u.sessions().add(token);
            }
            case 3 -> {
                if (u.sessions().isEmpty()) {
                    return;
                }
                String token = u.sessions().remove(0);
                call("deleteSession", () -> faulty.deleteSession(token));
                expect(clean.findSession(token).isEmpty(), "deleteSession reported success but the session is there");
            }
            case 4 -> {
                String email = "e" + r.nextLong() + "@example.com";
                call("updateUser(email)", () -> faulty.updateUser(UserUpdate.of(u.id()).email(email).build()));
                expect(clean.getUserByEmail(email).map(x -> x.id().equals(u.id())).orElse(false)
                        && clean.getUserByEmail(u.email()).isEmpty(), "the email change did not take effect as reported");
                users.set(users.indexOf(u), new User(u.id(), email, u.sessions(), u.passkeys(), u.counter()));
            }
            case 5 -> {
                String pid = "p" + r.nextLong();
                String accountId = "a" + r.nextLong();
                call("linkAccount", () -> faulty.linkAccount(AdapterAccount.builder().id(accountId).userId(u.id()).type("oauth")
                        .provider("github").providerAccountId(pid).accessToken("at").build()));
                expect(clean.getUserByAccount("github", pid).map(x -> x.id().equals(u.id())).orElse(false), "linkAccount lost its account");
            }
            case 6 -> {
                VerificationToken vt = new VerificationToken(u.email(), "h" + r.nextLong(), Instant.now().plus(Duration.ofHours(1))
                        .truncatedTo(ChronoUnit.MILLIS));
                call("createVerificationToken", () -> faulty.createVerificationToken(vt));
                boolean[] timedOut = {false};
                Optional<VerificationToken> used = call("useVerificationToken", () -> faulty.useVerificationToken(vt.identifier(), vt.token()),
                        () -> timedOut[0] = true);
                if (used.isEmpty() && timedOut[0]) {
                    unknownTokenOutcomes.incrementAndGet(); // consumed by the attempt whose answer was lost: never usable twice
                } else {
                    expect(used.equals(Optional.of(vt)), "useVerificationToken did not return the token it consumed");
                }
                expect(clean.useVerificationToken(vt.identifier(), vt.token()).isEmpty(), "a used token could be used again");
            }
            case 7 -> {
                String cred = "c" + r.nextLong();
                call("linkAccount(webauthn)", () -> faulty.linkAccount(AdapterAccount.builder().id("w" + cred).userId(u.id())
                        .type("webauthn").provider("webauthn").providerAccountId(cred).build()));
                call("createAuthenticator", () -> faulty.createAuthenticator(new AdapterAuthenticator(cred, u.id(), cred, "key", 0,
                        "singleDevice", false, null)));
                u.passkeys().add(cred);
            }
            case 8 -> {
                if (u.passkeys().isEmpty()) {
                    String contested = "shared-" + r.nextInt(20) + "@example.com";
                    String id = "c" + thread + "-" + r.nextLong();
                    try {
                        call("createUser(contested)", () -> faulty.createUser(AdapterUser.builder().id(id).email(contested).build()));
                        contestedWins.computeIfAbsent(contested, k -> new AtomicLong()).incrementAndGet();
                        expect(clean.getUserByEmail(contested).map(x -> x.id().equals(id)).orElse(false), "the contested email is not ours");
                    } catch (EmailAlreadyInUseException taken) {
                        expect(clean.getUserByEmail(contested).map(x -> !x.id().equals(id)).orElse(false),
                                "EmailAlreadyInUse, but nobody else has the email");
                        expect(clean.getUser(id).isEmpty(), "EmailAlreadyInUse, but the user was written");
                    }
                    return;
                }
                String cred = u.passkeys().get(0);
                long next = u.counter()[0] + 1 + r.nextInt(3);
                call("updateAuthenticatorCounter", () -> faulty.updateAuthenticatorCounter(cred, next));
                u.counter()[0] = next;
                expect(clean.getAuthenticator(cred).orElseThrow().counter() == next, "the counter was not stored");
            }
            case 9 -> {
                call("deleteUser", () -> faulty.deleteUser(u.id()));
                expect(clean.getUser(u.id()).isEmpty() && clean.countUserItems(u.id()).items() == 0,
                        "deleteUser reported success but items are left");
                users.remove(u);
            }
            default -> throw new IllegalStateException();
        }
    }

    private void expect(boolean ok, String what) {
        if (!ok) {
            errors.add(what + " (seed " + seed + ")");
        }
    }

    private <T> T call(String what, Supplier<T> call) {
        return call(what, call, () -> {});
    }

    /** The caller's side: a RetryableException means "call again"; anything else is the answer. */
    private <T> T call(String what, Supplier<T> call, Runnable onRetry) {
        calls.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RetryableException e) {
                retried.incrementAndGet();
                onRetry.run();
                if (attempt >= 50) {
                    throw e;
                }
            }
        }
    }
}
