package dev.dynauth.local;

import static dev.dynauth.local.Tables.n;
import static dev.dynauth.local.Tables.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class ExpirySweeperTest {

    /** 1798085986.691 epoch seconds, a fractional expiry as Auth.js writes them. */
    private static final Instant NOW = Instant.ofEpochSecond(1798085986, 691_000_000);

    private static DynamoDbLocal local;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        local = DynamoDbLocal.inMemory();
        dynamo = local.client();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void epochSecondsKeepFractionsAndDropTrailingZeros() {
        assertEquals("1798085986.691", ExpirySweeper.epochSeconds(NOW));
        assertEquals("1798085986", ExpirySweeper.epochSeconds(Instant.ofEpochSecond(1798085986)));
        assertEquals("1.000000001", ExpirySweeper.epochSeconds(Instant.ofEpochSecond(1, 1)));
    }

    @Test
    void deletesExpiredAndKeepsEverythingElse() {
        String table = Tables.create(dynamo, "sweep", true);
        Tables.put(dynamo, table, "expired-fraction", Map.of("expires", n("1798085986.690")));
        Tables.put(dynamo, table, "expired-integer", Map.of("expires", n("1798085986")));
        Tables.put(dynamo, table, "long-gone", Map.of("expires", n("1")));
        Tables.put(dynamo, table, "expires-exactly-now", Map.of("expires", n("1798085986.691")));
        Tables.put(dynamo, table, "future-fraction", Map.of("expires", n("1798085986.692")));
        Tables.put(dynamo, table, "future-integer", Map.of("expires", n("1798085987")));
        Tables.put(dynamo, table, "no-expires", Map.of("name", s("x")));
        Tables.put(dynamo, table, "string-expires", Map.of("expires", s("1")));
        Tables.put(dynamo, table, "iso-string-expires", Map.of("expires", s("2000-01-01T00:00:00.000Z")));
        // In a GSI too, as Auth.js puts users and verification tokens.
        Tables.put(dynamo, table, "expired-in-gsi",
                Map.of("expires", n("100"), "GSI1PK", s("USER#x"), "GSI1SK", s("USER#x")));

        SweepResult result = sweeper(table, NOW).sweep();

        assertEquals(new SweepResult(10, 4, 4, false), result);
        for (String gone : List.of("expired-fraction", "expired-integer", "long-gone", "expired-in-gsi")) {
            assertFalse(Tables.exists(dynamo, table, gone), gone);
        }
        for (String kept : List.of("expires-exactly-now", "future-fraction", "future-integer", "no-expires",
                "string-expires", "iso-string-expires")) {
            assertTrue(Tables.exists(dynamo, table, kept), kept);
        }
        assertEquals(new SweepResult(6, 0, 0, false), sweeper(table, NOW).sweep());
    }

    @Test
    void respectsTheClock() {
        String table = Tables.create(dynamo, "clock", true);
        Tables.put(dynamo, table, "t", Map.of("expires", n("1000.5")));

        assertEquals(0, sweeper(table, Instant.ofEpochSecond(1000, 400_000_000)).sweep().deleted());
        assertEquals(0, sweeper(table, Instant.ofEpochSecond(1000, 500_000_000)).sweep().deleted());
        assertTrue(Tables.exists(dynamo, table, "t"));
        assertEquals(1, sweeper(table, Instant.ofEpochSecond(1000, 500_000_001)).sweep().deleted());
        assertFalse(Tables.exists(dynamo, table, "t"));
    }

    @Test
    void dryRunCountsAndDeletesNothing() {
        String table = Tables.create(dynamo, "dry", false);
        Tables.put(dynamo, table, "old", Map.of("expires", n("1")));
        Tables.put(dynamo, table, "new", Map.of("expires", n("99999999999")));

        assertEquals(new SweepResult(2, 1, 0, true), sweeper(table, NOW).dryRun());
        assertTrue(Tables.exists(dynamo, table, "old"));
    }

    @Test
    void customTtlAttributeAndTableWithoutSortKey() {
        String table = Tables.uniqueName("hash-only");
        dynamo.createTable(b -> b.tableName(table)
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType("HASH")));
        dynamo.putItem(b -> b.tableName(table).item(Map.of("id", s("a"), "ttl", n("1"), "expires", n("99999999999"))));
        dynamo.putItem(b -> b.tableName(table).item(Map.of("id", s("b"), "expires", n("1"))));

        SweepResult result = ExpirySweeper.builder(dynamo, table)
                .partitionKey("id").ttlAttribute("ttl").clock(fixed(NOW)).build().sweep();

        assertEquals(new SweepResult(2, 1, 1, false), result);
        assertEquals(List.of("b"), dynamo.scan(b -> b.tableName(table)).items().stream()
                .map(item -> item.get("id").s()).toList());
    }

    @Test
    void followsScanPagination() {
        String table = Tables.create(dynamo, "pages", true);
        String padding = "x".repeat(5_000);
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, AttributeValue> item = Map.of(
                    "pk", s("item-" + i), "sk", s("item-" + i), "padding", s(padding),
                    // Every third one is still valid.
                    "expires", n(i % 3 == 0 ? "99999999999" : "1798085986.5"));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25) {
                List<WriteRequest> chunk = List.copyOf(batch);
                assertTrue(dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, chunk)))
                        .unprocessedItems().isEmpty());
                batch.clear();
            }
        }
        // Proves the table is big enough for the scan to page at all (1 MB per page).
        assertTrue(dynamo.scan(b -> b.tableName(table)).hasLastEvaluatedKey());
        assertFalse(dynamo.scan(b -> b.tableName(table)).lastEvaluatedKey().isEmpty());

        assertEquals(new SweepResult(300, 200, 0, true), sweeper(table, NOW).dryRun());
        assertEquals(new SweepResult(300, 200, 200, false), sweeper(table, NOW).sweep());
        List<String> left = dynamo.scanPaginator(b -> b.tableName(table).projectionExpression("pk")).items()
                .stream().map(item -> item.get("pk").s()).sorted().toList();
        assertEquals(100, left.size());
        assertTrue(left.stream().allMatch(pk -> Integer.parseInt(pk.substring("item-".length())) % 3 == 0));
    }

    @Test
    void itemExtendedBetweenScanAndDeleteSurvives() {
        String table = Tables.create(dynamo, "race", true);
        Tables.put(dynamo, table, "extended", Map.of("expires", n("1")));
        Tables.put(dynamo, table, "expired", Map.of("expires", n("2")));
        AtomicBoolean extended = new AtomicBoolean();
        DynamoDbClient racing = new DelegatingClient(dynamo) {
            @Override
            public DeleteItemResponse deleteItem(DeleteItemRequest request) {
                if (request.key().get("pk").s().equals("extended") && extended.compareAndSet(false, true)) {
                    // Another writer (a session update) extends the item after the sweeper saw it expired.
                    Tables.put(dynamo, table, "extended", Map.of("expires", n("99999999999")));
                }
                return super.deleteItem(request);
            }
        };

        SweepResult result = ExpirySweeper.builder(racing, table)
                .partitionKey("pk").sortKey("sk").clock(fixed(NOW)).build().sweep();

        assertTrue(extended.get());
        assertEquals(new SweepResult(2, 2, 1, false), result);
        assertTrue(Tables.exists(dynamo, table, "extended"));
        assertFalse(Tables.exists(dynamo, table, "expired"));
    }

    @Test
    void wrongKeyNameFailsInsteadOfGuessing() {
        String table = Tables.create(dynamo, "keys", false);
        Tables.put(dynamo, table, "a", Map.of("expires", n("1")));
        ExpirySweeper sweeper = ExpirySweeper.builder(dynamo, table)
                .partitionKey("id").sortKey("sk").clock(fixed(NOW)).build();
        assertThrows(IllegalStateException.class, sweeper::sweep);
        assertTrue(Tables.exists(dynamo, table, "a"));
        assertThrows(NullPointerException.class, () -> ExpirySweeper.builder(dynamo, table).build());
    }

    @Test
    void sweepsPeriodicallyOnADaemonThreadUntilStopped() throws InterruptedException {
        String table = Tables.create(dynamo, "periodic", true);
        Tables.put(dynamo, table, "old", Map.of("expires", n("1")));
        CountDownLatch sweeps = new CountDownLatch(3);
        List<SweepResult> results = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean daemon = new AtomicBoolean(true);
        ExpirySweeper sweeper = ExpirySweeper.builder(dynamo, table)
                .partitionKey("pk").sortKey("sk").clock(fixed(NOW))
                .afterScheduledSweep(result -> {
                    daemon.compareAndSet(true, Thread.currentThread().isDaemon());
                    results.add(result);
                    sweeps.countDown();
                })
                .build();

        try (sweeper) {
            sweeper.start(Duration.ofMillis(5));
            assertTrue(sweeper.isRunning());
            assertThrows(IllegalStateException.class, () -> sweeper.start(Duration.ofMillis(5)));
            assertTrue(sweeps.await(20, TimeUnit.SECONDS), "three scheduled sweeps");
        }
        assertFalse(sweeper.isRunning());
        assertTrue(daemon.get());
        assertEquals(1, results.get(0).deleted());
        assertEquals(0, results.get(1).deleted());
        assertFalse(Tables.exists(dynamo, table, "old"));

        int seen = results.size();
        Tables.put(dynamo, table, "after-stop", Map.of("expires", n("1")));
        sweeper.close();
        // Nothing runs any more once stopped: the executor is terminated, so no sweep can add a result.
        assertEquals(seen, results.size());
        assertTrue(Tables.exists(dynamo, table, "after-stop"));
    }

    @Test
    void failedScheduledSweepDoesNotStopLaterOnes() throws InterruptedException {
        String table = Tables.create(dynamo, "flaky", false);
        Tables.put(dynamo, table, "old", Map.of("expires", n("1")));
        AtomicBoolean failed = new AtomicBoolean();
        DynamoDbClient flaky = new DelegatingClient(dynamo) {
            @Override
            public ScanResponse scan(ScanRequest request) {
                if (failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("simulated outage");
                }
                return super.scan(request);
            }
        };
        CountDownLatch swept = new CountDownLatch(1);
        try (ExpirySweeper sweeper = ExpirySweeper.builder(flaky, table)
                .partitionKey("pk").sortKey("sk").clock(fixed(NOW))
                .afterScheduledSweep(result -> swept.countDown())
                .build()) {
            sweeper.start(Duration.ofMillis(5));
            assertTrue(swept.await(20, TimeUnit.SECONDS));
        }
        assertTrue(failed.get());
        assertFalse(Tables.exists(dynamo, table, "old"));
    }

    private static ExpirySweeper sweeper(String table, Instant now) {
        return ExpirySweeper.builder(dynamo, table).partitionKey("pk").sortKey("sk").clock(fixed(now)).build();
    }

    private static Clock fixed(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    /** Forwards what the sweeper uses, so a test can interfere with one call. */
    private static class DelegatingClient implements DynamoDbClient {
        private final DynamoDbClient delegate;

        DelegatingClient(DynamoDbClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public ScanResponse scan(ScanRequest request) {
            return delegate.scan(request);
        }

        @Override
        public DeleteItemResponse deleteItem(DeleteItemRequest request) {
            return delegate.deleteItem(request);
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {}
    }
}
