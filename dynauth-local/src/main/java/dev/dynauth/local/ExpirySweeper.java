package dev.dynauth.local;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Deletes the expired items of a table, standing in for DynamoDB's TTL where DynamoDB Local falls short: on a
 * table with a global secondary index, DynamoDB Local 3.3.1 deletes expired items that carry the index keys
 * (sessions) within seconds, but never those outside the index (verification tokens, rate-limit counters).
 * It also judges expiry by the wall clock; this sweeper follows an injectable {@link Clock}.
 *
 * <p>An item is expired when its TTL attribute (default {@code expires}) is a Number of epoch seconds, possibly
 * fractional, before now by the {@link Clock}. Items without the attribute, or with a non-Number one, are never
 * touched. Each delete is conditional on the item still being expired, so an item extended meanwhile survives.
 *
 * <pre>{@code
 * ExpirySweeper sweeper = ExpirySweeper.builder(dynamo, "next-auth")
 *         .partitionKey("pk").sortKey("sk").build();
 * SweepResult once = sweeper.sweep();
 * sweeper.start(Duration.ofMinutes(1));   // and sweeper.close() on shutdown
 * }</pre>
 *
 * <p>Sweeping on a schedule uses one daemon thread; {@link #close()} stops it. Instances are thread-safe.
 */
public final class ExpirySweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    // Both conditions are spelled out: a String attribute must never count as expired, whatever the
    // comparison rules between types would say.
    private static final String EXPIRED = "attribute_type(#ttl, :number) AND #ttl < :now";

    private final DynamoDbClient client;
    private final String tableName;
    private final String partitionKey;
    private final String sortKey;
    private final String ttlAttribute;
    private final Clock clock;
    private final Consumer<SweepResult> afterScheduledSweep;

    private ScheduledExecutorService scheduler;

    private ExpirySweeper(Builder builder) {
        this.client = builder.client;
        this.tableName = builder.tableName;
        this.partitionKey = Objects.requireNonNull(builder.partitionKey, "partitionKey must be set");
        this.sortKey = builder.sortKey;
        this.ttlAttribute = builder.ttlAttribute;
        this.clock = builder.clock;
        this.afterScheduledSweep = builder.afterScheduledSweep;
    }

    /**
     * A builder for a sweeper of {@code tableName}.
     *
     * @param client    the client to scan and delete with; not closed by the sweeper
     * @param tableName the table to sweep
     * @return a new builder
     */
    public static Builder builder(DynamoDbClient client, String tableName) {
        return new Builder(client, tableName);
    }

    /**
     * Scans the whole table once and deletes the items that have expired.
     *
     * @return the counts of this pass
     */
    public SweepResult sweep() {
        return run(false);
    }

    /**
     * Scans the whole table once and counts the expired items without deleting anything.
     *
     * @return the counts of this pass, with {@code deleted} 0
     */
    public SweepResult dryRun() {
        return run(true);
    }

    /**
     * Sweeps now and then every {@code period} after the previous sweep ended, on a daemon thread, until
     * {@link #stop()} or {@link #close()}. A failed sweep is logged and the next one still runs.
     *
     * @param period the delay between sweeps
     * @throws IllegalStateException if already started
     */
    public synchronized void start(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        if (scheduler != null) {
            throw new IllegalStateException("Expiry sweeper of " + tableName + " is already running");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dynauth-expiry-sweeper-" + tableName);
            // Must never keep an application from exiting.
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::scheduledSweep, 0, period.toNanos(), TimeUnit.NANOSECONDS);
        log.info("Sweeping expired items of {} every {}", tableName, period);
    }

    /**
     * Whether sweeps are scheduled.
     *
     * @return true between {@link #start(Duration)} and {@link #stop()}
     */
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /**
     * Stops scheduled sweeping, letting a sweep in progress finish (waiting up to 10 seconds before interrupting
     * it). Does nothing if not started. The sweeper can be started again.
     */
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        ScheduledExecutorService stopping = scheduler;
        scheduler = null;
        stopping.shutdown();
        try {
            if (!stopping.awaitTermination(10, TimeUnit.SECONDS)) {
                stopping.shutdownNow();
            }
        } catch (InterruptedException e) {
            stopping.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("Stopped sweeping expired items of {}", tableName);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void scheduledSweep() {
        try {
            SweepResult result = sweep();
            afterScheduledSweep.accept(result);
        } catch (RuntimeException e) {
            // An exception escaping would silently cancel every later run.
            log.warn("Sweeping expired items of {} failed; will retry next period", tableName, e);
        }
    }

    private SweepResult run(boolean dryRun) {
        String now = epochSeconds(clock.instant());
        Map<String, String> scanNames = new HashMap<>();
        scanNames.put("#ttl", ttlAttribute);
        scanNames.put("#pk", partitionKey);
        String projection = "#pk";
        if (sortKey != null) {
            scanNames.put("#sk", sortKey);
            projection += ", #sk";
        }
        Map<String, AttributeValue> values = Map.of(
                ":now", AttributeValue.fromN(now),
                ":number", AttributeValue.fromS("N"));

        long scanned = 0;
        long expired = 0;
        long deleted = 0;
        Map<String, AttributeValue> startKey = null;
        do {
            ScanResponse page = client.scan(ScanRequest.builder()
                    .tableName(tableName)
                    // Filtering on the server keeps unexpired items, and projecting keeps item contents, off the wire.
                    .filterExpression(EXPIRED)
                    .projectionExpression(projection)
                    .expressionAttributeNames(scanNames)
                    .expressionAttributeValues(values)
                    .exclusiveStartKey(startKey)
                    .build());
            scanned += page.scannedCount();
            expired += page.count();
            if (!dryRun) {
                for (Map<String, AttributeValue> item : page.items()) {
                    if (deleteIfStillExpired(item, values)) {
                        deleted++;
                    }
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? page.lastEvaluatedKey() : null;
        } while (startKey != null);

        SweepResult result = new SweepResult(scanned, expired, deleted, dryRun);
        if (deleted > 0) {
            log.info("Deleted {} expired items of {} ({} scanned)", deleted, tableName, scanned);
        } else {
            log.debug("Swept {}: scanned {}, expired {}, deleted {}{}", tableName, scanned, expired, deleted,
                    dryRun ? " (dry run)" : "");
        }
        return result;
    }

    private boolean deleteIfStillExpired(Map<String, AttributeValue> item, Map<String, AttributeValue> values) {
        try {
            client.deleteItem(DeleteItemRequest.builder()
                    .tableName(tableName)
                    .key(keyOf(item))
                    .conditionExpression(EXPIRED)
                    .expressionAttributeNames(Map.of("#ttl", ttlAttribute))
                    .expressionAttributeValues(values)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            // Extended or deleted since the scan: exactly what the condition is there for.
            return false;
        }
    }

    private Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(partitionKey, keyAttribute(item, partitionKey));
        if (sortKey != null) {
            key.put(sortKey, keyAttribute(item, sortKey));
        }
        return key;
    }

    private AttributeValue keyAttribute(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            throw new IllegalStateException(
                    "Item of " + tableName + " has no key attribute " + name + "; are the key names right?");
        }
        return value;
    }

    /** Epoch seconds as DynamoDB Numbers hold them, with as many decimals as the instant needs. */
    static String epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond())
                .add(BigDecimal.valueOf(instant.getNano(), 9))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** Options for an {@link ExpirySweeper}. Not thread-safe; a built sweeper does not see later changes. */
    public static final class Builder {
        private final DynamoDbClient client;
        private final String tableName;
        private String partitionKey;
        private String sortKey;
        private String ttlAttribute = "expires";
        private Clock clock = Clock.systemUTC();
        private Consumer<SweepResult> afterScheduledSweep = result -> {};

        private Builder(DynamoDbClient client, String tableName) {
            this.client = Objects.requireNonNull(client, "client");
            this.tableName = requireName(tableName, "tableName");
        }

        /**
         * The table's partition key attribute name. Required.
         *
         * @param name the attribute name
         * @return this builder
         */
        public Builder partitionKey(String name) {
            this.partitionKey = requireName(name, "partitionKey");
            return this;
        }

        /**
         * The table's sort key attribute name, if it has one.
         *
         * @param name the attribute name, or null for a table without sort key
         * @return this builder
         */
        public Builder sortKey(String name) {
            this.sortKey = name == null ? null : requireName(name, "sortKey");
            return this;
        }

        /**
         * The attribute holding the expiry in epoch seconds; {@code expires} by default, as in Auth.js.
         *
         * @param name the attribute name
         * @return this builder
         */
        public Builder ttlAttribute(String name) {
            this.ttlAttribute = requireName(name, "ttlAttribute");
            return this;
        }

        /**
         * The clock deciding what "now" is; the system UTC clock by default.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Called after each successful scheduled sweep; lets tests wait for one instead of sleeping. */
        Builder afterScheduledSweep(Consumer<SweepResult> listener) {
            this.afterScheduledSweep = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the sweeper.
         *
         * @return a new sweeper, not yet scheduled
         * @throws NullPointerException if the partition key was not set
         */
        public ExpirySweeper build() {
            return new ExpirySweeper(this);
        }

        private static String requireName(String name, String what) {
            Objects.requireNonNull(name, what);
            if (name.isEmpty()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            return name;
        }
    }
}
