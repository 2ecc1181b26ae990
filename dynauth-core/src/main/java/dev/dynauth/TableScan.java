package dev.dynauth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The parallel segmented Scan behind {@link TableChecker}: one thread per segment, a shared read-rate budget
 * (a token bucket refilled at the bound, debited with the capacity each page really consumed), and positions
 * kept per segment so a failed scan resumes where it stopped. Reads only the attributes the checks need.
 */
final class TableScan {

    private final DynamoDbClient client;
    private final TableOptions o;
    private final int segments;
    private final double maxRate;
    private final Consumer<TableChecker.ScanProgress> progress;
    private final Consumer<TableChecker.Checkpoint> checkpoints;
    private final long checkpointEveryNanos;
    private final List<Map<String, AttributeValue>> positions;
    private final List<Map<String, AttributeValue>> items;
    private final AtomicLong scanned = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private double readUnits;
    private double budget;
    private long budgetAt = System.nanoTime();
    private long lastCheckpoint = System.nanoTime();

    TableScan(DynamoDbClient client, TableOptions options, int segments, double maxRate, TableChecker.Checkpoint resume,
              Consumer<TableChecker.ScanProgress> progress, Consumer<TableChecker.Checkpoint> checkpoints,
              java.time.Duration checkpointEvery) {
        this.client = client;
        this.o = options;
        this.maxRate = maxRate;
        this.progress = progress;
        this.checkpoints = checkpoints;
        this.checkpointEveryNanos = checkpointEvery.toNanos();
        if (resume != null) {
            this.segments = resume.segments();
            this.positions = Collections.synchronizedList(new ArrayList<>(resume.positions()));
            this.items = Collections.synchronizedList(new ArrayList<>(resume.items()));
            this.scanned.set(resume.items().size());
            this.done.set((int) resume.positions().stream().filter(p -> p == null).count());
        } else {
            this.segments = segments;
            this.positions = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(segments, Map.of())));
            this.items = Collections.synchronizedList(new ArrayList<>());
        }
        this.budget = maxRate;
    }

    List<Map<String, AttributeValue>> run() {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(segments, 16), r -> {
            Thread t = new Thread(r, "dynauth-table-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < segments; s++) {
                int segment = s;
                if (positions.get(segment) != null) {
                    futures.add(pool.submit(() -> scanSegment(segment)));
                }
            }
            RuntimeException failure = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    pool.shutdownNow();
                    failure = new AdapterException("interrupted", e);
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new AdapterException("scan failed", e.getCause());
                    }
                }
            }
            if (failure != null) {
                TableChecker.Checkpoint cp = checkpoint();
                if (checkpoints != null) {
                    checkpoints.accept(cp);
                }
                throw new TableChecker.IncompleteCheckException("the check stopped after " + scanned.get()
                        + " items: " + failure.getMessage() + "; resume it from its checkpoint", failure, cp);
            }
            return new ArrayList<>(items);
        } finally {
            pool.shutdownNow();
        }
    }

    private void scanSegment(int segment) {
        Map<String, AttributeValue> start = positions.get(segment);
        Expr x = new Expr();
        Set<String> wanted = new LinkedHashSet<>(List.of(o.partitionKey(), o.sortKey(), o.indexPartitionKey(), o.indexSortKey(),
                ItemCodec.TYPE, "id", "email", "emailVerified", "userId", "provider", "providerAccountId", "sessionToken",
                "credentialID", "identifier", "token", ItemCodec.EXPIRES, VerificationTokens.USED_BY, "count", UserMerge.FROM));
        String projection = String.join(", ", wanted.stream().map(x::name).toList());
        ScanRequest.Builder request = ScanRequest.builder().tableName(o.tableName()).segment(segment).totalSegments(segments)
                .projectionExpression(projection).expressionAttributeNames(x.names())
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
        if (maxRate > 0) {
            request.limit(100); // small pages keep the rate smooth
        }
        if (!start.isEmpty()) {
            request.exclusiveStartKey(start);
        }
        while (true) {
            acquire();
            ScanResponse r = client.scan(request.build());
            double used = r.consumedCapacity() != null && r.consumedCapacity().capacityUnits() != null
                    ? r.consumedCapacity().capacityUnits() : Math.max(0.5, r.count() * 0.5);
            boolean last = !r.hasLastEvaluatedKey() || r.lastEvaluatedKey().isEmpty();
            synchronized (items) {
                synchronized (positions) { // a page and its position together, as checkpoint() reads them
                    items.addAll(r.items());
                    positions.set(segment, last ? null : new HashMap<>(r.lastEvaluatedKey()));
                }
            }
            long n = scanned.addAndGet(r.count());
            if (last) {
                done.incrementAndGet();
            }
            debit(used);
            progress.accept(new TableChecker.ScanProgress(n, done.get(), segments, readUnits()));
            maybeCheckpoint();
            if (last) {
                return;
            }
            request.exclusiveStartKey(r.lastEvaluatedKey());
        }
    }

    private synchronized double readUnits() {
        return readUnits;
    }

    /** Waits until the budget is positive; it refills at {@code maxRate} a second, up to one second's worth. */
    private void acquire() {
        if (maxRate <= 0) {
            return;
        }
        while (true) {
            long wait;
            synchronized (this) {
                refill();
                if (budget > 0) {
                    return;
                }
                wait = (long) Math.ceil(-budget / maxRate * 1000) + 1;
            }
            try {
                Thread.sleep(Math.min(wait, 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdapterException("interrupted", e);
            }
        }
    }

    private synchronized void debit(double used) {
        readUnits += used;
        if (maxRate > 0) {
            refill();
            budget -= used;
        }
    }

    private void refill() {
        long now = System.nanoTime();
        budget = Math.min(maxRate, budget + (now - budgetAt) / 1e9 * maxRate);
        budgetAt = now;
    }

    private void maybeCheckpoint() {
        if (checkpoints == null) {
            return;
        }
        TableChecker.Checkpoint cp;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - lastCheckpoint < checkpointEveryNanos) {
                return;
            }
            lastCheckpoint = now;
            cp = checkpoint();
        }
        checkpoints.accept(cp);
    }

    private TableChecker.Checkpoint checkpoint() {
        synchronized (items) {
            synchronized (positions) {
                return new TableChecker.Checkpoint(new ArrayList<>(positions), new ArrayList<>(items));
            }
        }
    }
}
