package dev.dynauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.local.DynamoDbLocal;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * A first start killed at any step of creating the table (before or after CreateTable, the waits and
 * UpdateTimeToLive) leaves a data directory the next start completes. The process death is a client that
 * stops at the n-th request, before or after DynamoDB Local ran it, followed by closing the database;
 * DynamoDB Local commits each request to its SQLite file, so the file then holds what a kill would leave.
 */
class DynamoDbTablesInterruptedCreateTest {

    /** Thrown instead of the rest of the first start. */
    static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Every request of a first start, before and after each: 2 x 5 kill points (calls counted from 0). */
    static List<Object[]> killPoints() {
        List<Object[]> points = new ArrayList<>();
        for (int call = 0; call < 5; call++) {
            points.add(new Object[] {call, false});
            points.add(new Object[] {call, true});
        }
        return points;
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "killed at request {0}, after it ran: {1}")
    @MethodSource("killPoints")
    void theNextStartCompletesAnInterruptedCreate(int killAt, boolean afterRequest) {
        TableOptions options = TableOptions.defaults();
        List<String> calls = new ArrayList<>();
        try (DynamoDbLocal local = DynamoDbLocal.persistent(dir)) {
            DynamoDbClient dying = dyingAt(local.client(), killAt, afterRequest, calls);
            assertKilled(assertThrows(RuntimeException.class, () -> DynamoDbTables.createIfMissing(dying, options)));
        }
        try (DynamoDbLocal restarted = DynamoDbLocal.persistent(dir)) {
            DynamoDbTables.createIfMissing(restarted.client(), options);
            SchemaReport report = DynamoDbTables.verify(restarted.client(), options);
            assertTrue(report.problems().isEmpty(), "after " + calls + ": " + report.problems());
        }
    }

    @Test
    void theKillPointsCoverAHalfMadeTable() {
        // killed right after CreateTable's wait: the table exists with TTL off, the state the issue measured
        TableOptions options = TableOptions.defaults();
        List<String> calls = new ArrayList<>();
        try (DynamoDbLocal local = DynamoDbLocal.persistent(dir)) {
            DynamoDbClient dying = dyingAt(local.client(), 4, false, calls);
            assertThrows(Killed.class, () -> DynamoDbTables.createIfMissing(dying, options));
            assertEquals("updateTimeToLive", calls.get(4), "the fifth request enables TTL: " + calls);
            assertEquals(TimeToLiveStatus.DISABLED, local.client().describeTimeToLive(r -> r.tableName(options.tableName()))
                    .timeToLiveDescription().timeToLiveStatus());
        }
        try (DynamoDbLocal restarted = DynamoDbLocal.persistent(dir)) {
            assertEquals(List.of("enabled TTL on \"expires\""), DynamoDbTables.complete(restarted.client(), options));
            assertEquals(List.of(), DynamoDbTables.complete(restarted.client(), options), "nothing left to do");
        }
    }

    @Test
    void waitsForAnIndexStillBeingCreated() {
        TableOptions options = TableOptions.defaults();
        try (DynamoDbLocal local = DynamoDbLocal.persistent(dir)) {
            DynamoDbTables.createIfMissing(local.client(), options);
            AtomicInteger describes = new AtomicInteger();
            // DynamoDB Local makes indexes ACTIVE at once; AWS shows CREATING while it backfills
            DynamoDbClient backfilling = describing(local.client(), d -> describes.incrementAndGet() <= 3
                    ? d.toBuilder().table(d.table().toBuilder().globalSecondaryIndexes(d.table().globalSecondaryIndexes()
                            .stream().map(i -> i.toBuilder().indexStatus(IndexStatus.CREATING).build()).toList()).build())
                            .build()
                    : d);
            List<String> done = DynamoDbTables.complete(backfilling, options);
            assertEquals(List.of("waited for table \"next-auth\" and index \"GSI1\" to become ACTIVE"), done);
            assertTrue(describes.get() >= 4, "described until ACTIVE: " + describes.get());
            assertFalse(DynamoDbTables.createIfMissing(backfilling, options));
        }
    }

    /** The SDK's waiter wraps what the client throws. */
    static void assertKilled(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof Killed) return;
        }
        throw new AssertionError("not killed but failed", thrown);
    }

    /** The client, stopping at request number {@code killAt} (from 0) before or after it ran. */
    static DynamoDbClient dyingAt(DynamoDbClient real, int killAt, boolean afterRequest, List<String> calls) {
        AtomicInteger n = new AtomicInteger();
        return proxy(real, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class || method.getName().equals("serviceClientConfiguration")
                    || method.getName().equals("close") || method.getName().equals("serviceName")) {
                return invoke(real, method, args);
            }
            calls.add(method.getName());
            int i = n.getAndIncrement();
            if (i == killAt && !afterRequest) throw new Killed();
            try {
                return invoke(real, method, args);
            } finally {
                // also when DynamoDB answered with an error (the first DescribeTable's "not found")
                if (i == killAt) throw new Killed();
            }
        });
    }

    static DynamoDbClient describing(DynamoDbClient real, UnaryOperator<DescribeTableResponse> change) {
        return proxy(real, (proxy, method, args) -> {
            Object result = invoke(real, method, args);
            return result instanceof DescribeTableResponse d ? change.apply(d) : result;
        });
    }

    private static DynamoDbClient proxy(DynamoDbClient real, InvocationHandler h) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, h);
    }

    private static Object invoke(DynamoDbClient real, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
