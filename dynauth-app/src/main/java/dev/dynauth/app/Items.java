package dev.dynauth.app;

import dev.dynauth.TableOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
final class Items {
    static final int BATCH = 25;

    private final DynamoDbClient client;
    private final TableOptions o;

    Items(DynamoDbClient client, TableOptions options) {
        this.client = client;
        this.o = options;
    }

    /** Every item of the table, lazily. */
    Stream<Map<String, AttributeValue>> all() {
        return client.scanPaginator(ScanRequest.builder().tableName(o.tableName()).consistentRead(true).build())
                .items().stream();
    }

    private Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> k = new LinkedHashMap<>();
        k.put(o.partitionKey(), item.get(o.partitionKey()));
        k.put(o.sortKey(), item.get(o.sortKey()));
        return k;
    }

    /** Puts the items in batches of 25; a later item with the same key as an earlier one wins. */
    void putAll(List<Map<String, AttributeValue>> items, LongConsumer progress) {
        List<WriteRequest> batch = new ArrayList<>();
        Set<Map<String, AttributeValue>> keys = new HashSet<>();
        for (Map<String, AttributeValue> i : items) {
            Map<String, AttributeValue> k = keyOf(i);
            if (batch.size() == BATCH || !keys.add(k)) {
                // a batch may not hold the same key twice: flush before the repeat
                flush(batch, progress);
                batch.clear();
                keys.clear();
                keys.add(k);
            }
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build());
        }
        flush(batch, progress);
    }

    private void flush(List<WriteRequest> batch, LongConsumer progress) {
        if (batch.isEmpty()) return;
        List<WriteRequest> pending = new ArrayList<>(batch);
        long backoff = 50;
        int attempts = 0;
        while (!pending.isEmpty()) {
            BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(Map.of(o.tableName(), pending)));
            List<WriteRequest> left = r.hasUnprocessedItems()
                    ? r.unprocessedItems().getOrDefault(o.tableName(), List.of()) : List.of();
            progress.accept(pending.size() - left.size());
            pending.clear();
            pending.addAll(left);
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
