package dev.dynauth.app.store;

import dev.dynauth.TableOptions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Whole items of the table, for {@code export} and {@code import}: they copy items, not entities, so
 * they neither read key formats nor decode attributes (users, sessions and the rest go through
 * {@link dev.dynauth.DynamoDbAdapter}). The scan follows {@code LastEvaluatedKey}; every batch write
 * retries its unprocessed items.
 */
public final class Items {
    static final int BATCH = 25;

    private final DynamoDbClient client;
    private final TableOptions o;

    Items(DynamoDbClient client, TableOptions options) {
        this.client = client;
        this.o = options;
    }

    /** Every item of the table, lazily. */
    public Stream<Map<String, AttributeValue>> all() {
        return client.scanPaginator(ScanRequest.builder().tableName(o.tableName()).consistentRead(true).build())
                .items().stream();
    }

    private Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> k = new LinkedHashMap<>();
        k.put(o.partitionKey(), item.get(o.partitionKey()));
        k.put(o.sortKey(), item.get(o.sortKey()));
        return k;
    }

    /**
     * A write failed for good: every item before {@link #firstNotWritten} (an index into the list given to
     * {@link #putAll}) is in the table; from it on, some may not be.
     */
    public static final class WriteFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int firstNotWritten;

        WriteFailed(RuntimeException cause, int firstNotWritten) {
            super(cause.getMessage(), cause);
            this.firstNotWritten = firstNotWritten;
        }
    }

    /**
     * Puts the items in batches of 25, {@code writers} batches at a time; a later item with the same key as an earlier
     * one wins (the earlier one is not sent: it would be overwritten anyway, and parallel batches have no order).
     * Progress counts items written. Throws {@link WriteFailed} when a batch keeps failing.
     */
    public void putAll(List<Map<String, AttributeValue>> items, int writers, LongConsumer progress) {
        BitSet written = new BitSet(items.size());
        Map<Map<String, AttributeValue>, Integer> last = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Integer earlier = last.put(keyOf(items.get(i)), i);
            if (earlier != null) {
                written.set(earlier); // superseded by item i, which comes later
            }
        }
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> batch = new ArrayList<>();
        for (int i = written.nextClearBit(0); i < items.size(); i = written.nextClearBit(i + 1)) {
            if (batch.size() == BATCH) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
            batch.add(i);
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        RuntimeException failure = null;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(writers, batches.size())), r -> {
            Thread t = new Thread(r, "dynauth-import");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Integer> b : batches) {
                futures.add(pool.submit(() -> flush(items, b, written, progress)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new CliException(String.valueOf(e.getCause()));
                        futures.forEach(other -> other.cancel(false)); // batches not started yet stay unwritten
                    }
                } catch (CancellationException e) {
                    // after a failure
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new CliException("interrupted");
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (failure != null) {
            synchronized (written) {
                throw new WriteFailed(failure, written.nextClearBit(0));
            }
        }
    }

    private void flush(List<Map<String, AttributeValue>> items, List<Integer> batch, BitSet written, LongConsumer progress) {
        Map<WriteRequest, Integer> pending = new HashMap<>();
        for (int i : batch) {
            pending.put(WriteRequest.builder().putRequest(PutRequest.builder().item(items.get(i)).build()).build(), i);
        }
        long backoff = 50;
        int attempts = 0;
        while (!pending.isEmpty()) {
            List<WriteRequest> send = new ArrayList<>(pending.keySet());
            BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(Map.of(o.tableName(), send)));
            Set<WriteRequest> left = new HashSet<>(r.hasUnprocessedItems()
                    ? r.unprocessedItems().getOrDefault(o.tableName(), List.of()) : List.of());
            long done = 0;
            for (WriteRequest w : send) {
                if (!left.contains(w)) {
                    int i = pending.remove(w);
                    synchronized (written) {
                        written.set(i);
                    }
                    done++;
                }
            }
            synchronized (progress) {
                progress.accept(done);
            }
            if (!pending.isEmpty()) {
                if (++attempts > 20) {
                    throw new CliException("DynamoDB kept throttling the batch write; try again later");
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CliException("interrupted");
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }
}
