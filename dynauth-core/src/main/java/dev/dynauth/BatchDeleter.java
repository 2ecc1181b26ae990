package dev.dynauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Deletes many keys with BatchWriteItem: 25 a request (DynamoDB's limit), unprocessed items retried
 * with exponential backoff and jitter, as AWS advises, until done or the attempts run out.
 */
final class BatchDeleter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchDeleter.class);
    static final int BATCH_SIZE = 25;

    private final DynamoDbClient client;
    private final String table;
    private final int maxAttempts;
    private final long baseDelayMillis;
    private final Sleeper sleeper;

    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    BatchDeleter(DynamoDbClient client, String table, int maxAttempts, long baseDelayMillis, Sleeper sleeper) {
        this.client = client;
        this.table = table;
        this.maxAttempts = maxAttempts;
        this.baseDelayMillis = baseDelayMillis;
        this.sleeper = sleeper;
    }

    void delete(List<Map<String, AttributeValue>> keys) {
        for (int i = 0; i < keys.size(); i += BATCH_SIZE) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> key : keys.subList(i, Math.min(keys.size(), i + BATCH_SIZE))) {
                batch.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
            }
            writeAll(batch);
        }
    }

    private void writeAll(List<WriteRequest> batch) {
        List<WriteRequest> pending = batch;
        for (int attempt = 1; ; attempt++) {
            final List<WriteRequest> send = pending;
            BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(Map.of(table, send)));
            List<WriteRequest> left = r.hasUnprocessedItems() ? r.unprocessedItems().get(table) : null;
            if (left == null || left.isEmpty()) {
                return;
            }
            if (attempt >= maxAttempts) {
                throw new AdapterException(left.size() + " of " + batch.size()
                        + " deletes were still unprocessed after " + attempt + " attempts (throttled); retry the operation");
            }
            long cap = baseDelayMillis << Math.min(attempt - 1, 10);
            long delay = cap / 2 + (long) (Math.random() * (cap / 2 + 1));
            LOG.debug("{} deletes unprocessed, retrying in {} ms", left.size(), delay);
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdapterException("interrupted while retrying unprocessed deletes", e);
            }
            pending = left;
        }
    }
}
