package dev.dynauth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks a whole table for what breaks dynauth's guarantees (duplicates, stale index keys, stubs, orphans,
 * missing or stale claims, ISO or passed expiries, unknown items: see {@link ViolationKind}), with the table's
 * configured names. Reads with a parallel segmented Scan at a bounded read rate, so it can run beside live
 * traffic; an interrupted check resumes from its {@link Checkpoint}. Writes nothing ({@link TableRepair} does).
 *
 * <pre>{@code
 * TableReport report = TableChecker.builder(client).options(options).segments(4).maxReadUnitsPerSecond(100)
 *         .progress(p -> System.err.print("\r" + p.items() + " items")).build().check();
 * }</pre>
 *
 * <p>Memory: a few hundred bytes for each item (the attributes the checks need), so tables of a few million items.
 */
public final class TableChecker {

    /** Progress after each page read: items so far, segments finished of all, read capacity units consumed. */
    public record ScanProgress(long items, int segmentsDone, int segments, double readUnits) {}

    /**
     * Where a check stands: each segment's last key (empty when not started, {@code null} when finished) and the
     * attributes read so far. Hand it to {@link Builder#resumeFrom} to continue an interrupted check.
     */
    public record Checkpoint(List<Map<String, AttributeValue>> positions, List<Map<String, AttributeValue>> items) {
        public Checkpoint {
            positions = Collections.unmodifiableList(new ArrayList<>(positions));
            items = List.copyOf(items);
        }

        public int segments() {
            return positions.size();
        }
    }

    /** The check stopped before the whole table was read (DynamoDB kept failing); {@link #checkpoint()} resumes it. */
    public static final class IncompleteCheckException extends AdapterException {
        private static final long serialVersionUID = 1L;
        private final transient Checkpoint checkpoint;

        IncompleteCheckException(String message, Throwable cause, Checkpoint checkpoint) {
            super(message, cause);
            this.checkpoint = checkpoint;
        }

        public Checkpoint checkpoint() {
            return checkpoint;
        }
    }

    private final Builder b;

    private TableChecker(Builder b) {
        this.b = b;
    }

    public static Builder builder(DynamoDbClient client) {
        return new Builder(client);
    }

    /** Reads the table and reports every violation. */
    public TableReport check() {
        TableScan scan = new TableScan(b.client, b.options, b.segments, b.maxReadUnitsPerSecond, b.resumeFrom,
                b.progress, b.checkpoints, b.checkpointEvery);
        List<Map<String, AttributeValue>> items = scan.run();
        return new TableAnalysis(b.options, b.clock.instant()).analyse(items);
    }

    /** Builds a {@link TableChecker}. */
    public static final class Builder {
        private final DynamoDbClient client;
        private TableOptions options = TableOptions.defaults();
        private Clock clock = Clock.systemUTC();
        private int segments = 4;
        private double maxReadUnitsPerSecond;
        private Checkpoint resumeFrom;
        private Consumer<ScanProgress> progress = p -> {};
        private Consumer<Checkpoint> checkpoints;
        private Duration checkpointEvery = Duration.ofSeconds(30);

        private Builder(DynamoDbClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        public Builder options(TableOptions options) { this.options = Objects.requireNonNull(options); return this; }
        /** Decides what has expired. */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }
        /** Parallel Scan segments, one thread each (default 4). */
        public Builder segments(int segments) {
            if (segments < 1 || segments > 1_000_000) {
                throw new IllegalArgumentException("segments must be between 1 and 1000000");
            }
            this.segments = segments;
            return this;
        }
        /** Read capacity units per second across all segments; 0 (the default) for no bound. */
        public Builder maxReadUnitsPerSecond(double units) {
            if (units < 0) {
                throw new IllegalArgumentException("the read rate must not be negative");
            }
            this.maxReadUnitsPerSecond = units;
            return this;
        }
        /** Continues the check that produced this checkpoint (its segment count wins). */
        public Builder resumeFrom(Checkpoint checkpoint) { this.resumeFrom = checkpoint; return this; }
        /** Called after every page, from the scanning threads. */
        public Builder progress(Consumer<ScanProgress> progress) { this.progress = Objects.requireNonNull(progress); return this; }
        /** Receives a checkpoint at most every {@code every} (and when a check fails), e.g. to save it to a file. */
        public Builder checkpoints(Consumer<Checkpoint> sink, Duration every) {
            this.checkpoints = Objects.requireNonNull(sink);
            this.checkpointEvery = Objects.requireNonNull(every);
            return this;
        }

        public TableChecker build() { return new TableChecker(this); }
    }
}
