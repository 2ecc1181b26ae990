package dev.dynauth.spring.reactive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * The blocking-call detector of {@link UnderBlockHound}: BlockHound, installed once per JVM, watching the Netty event
 * loops (server and clients: {@code webflux-http-epoll-N}, {@code reactor-http-nio-N}) and the SDK's future-completion
 * threads, where the session code continues after each DynamoDB answer (a block there would stall every DynamoDB call
 * of the application). A blocking call there is recorded and fails the request; this extension fails the test case
 * that made it. Rare writes run on {@code boundedElastic} by design: those threads may block.
 */
public final class BlockingCalls implements BeforeEachCallback, AfterEachCallback {

    /** Blocking calls seen on non-blocking threads (the callback runs in the offending thread). */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    static {
        BlockHound.install(b -> b
                .addDynamicThreadPredicate(BlockingCalls::nonBlocking)
                .nonBlockingThreadPredicate(p -> p.or(BlockingCalls::nonBlocking))
                // an idle pool thread waits for its next task: that is no blocking call of the code under test
                .allowBlockingCallsInside(java.util.concurrent.ThreadPoolExecutor.class.getName(), "getTask")
                // a new JWT's IV and jti come from SecureRandom, which reads /dev/urandom: a file read that never waits
                // (unlike /dev/random), so no blocking call in fact
                .allowBlockingCallsInside(java.security.SecureRandom.class.getName(), "nextBytes")
                .blockingMethodCallback(m -> {
                    SEEN.add(m + " on " + Thread.currentThread().getName());
                    throw new BlockingOperationError(m);
                }));
    }

    static boolean nonBlocking(Thread t) {
        return t.getName().contains("-http-") || t.getName().startsWith("sdk-async-response");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        nothingBlocked();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        nothingBlocked();
    }

    private static void nothingBlocked() {
        List<String> seen = List.copyOf(SEEN);
        SEEN.clear(); // one offending case fails, not every case after it
        assertTrue(seen.isEmpty(), () -> "blocking calls on non-blocking threads: " + seen);
    }
}
