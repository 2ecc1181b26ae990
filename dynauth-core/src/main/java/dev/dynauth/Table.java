package dev.dynauth;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The adapter's access to its one table: the client, names, codec, clock and read consistency shared by
 * {@link Users}, {@link Accounts}, {@link Sessions}, {@link VerificationTokens}, {@link Authenticators} and
 * {@link Claims}, with the reads and conditional writes they all use. Immutable, so thread-safe.
 */
final class Table {

    final DynamoDbClient client;
    final TableOptions options;
    final String name;
    final ItemCodec codec;
    final BatchDeleter deleter;
    private final Clock clock;
    private final boolean consistentReads;
    private final int batchAttempts;
    private final BatchDeleter.Sleeper sleeper;

    Table(DynamoDbClient client, TableOptions options, Clock clock, boolean consistentReads, int batchAttempts) {
        this(client, options, clock, consistentReads, batchAttempts, Thread::sleep);
    }

    Table(DynamoDbClient client, TableOptions options, Clock clock, boolean consistentReads, int batchAttempts,
          BatchDeleter.Sleeper sleeper) {
        // Transient failures (timeouts, throttling, 5xx) surface as RetryableException, whatever the call.
        // (null: only the async session reads use this table, see AsyncSessionReads)
        this.client = client == null ? null : TransientFailures.wrap(client);
        this.batchAttempts = batchAttempts;
        this.sleeper = sleeper;
        this.options = options;
        this.name = options.tableName();
        this.clock = clock;
        this.consistentReads = consistentReads;
        this.codec = new ItemCodec(options);
        this.deleter = new BatchDeleter(this.client, name, batchAttempts, 50, sleeper);
    }

    /** Whether something expiring at {@code expires} has expired by this adapter's clock. */
    boolean expired(Instant expires) {
        return Expiry.expired(expires, clock.instant());
    }

    Instant now() {
        return clock.instant();
    }

    /** Rejects attribute names that would overwrite the key, index or type attributes. */
    void checkNames(Iterable<String> names) {
        names.forEach(n -> codec.checkName(n, options.reservedAttributes()));
    }

    String setClause(Expr x, Map<String, Object> changes) {
        StringBuilder set = new StringBuilder("SET ");
        boolean first = true;
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            if (!first) {
                set.append(", ");
            }
            first = false;
            set.append(x.name(e.getKey())).append(" = ").append(x.value(ItemCodec.encode(e.getKey(), e.getValue(), true)));
        }
        return set.toString();
    }

    Put putIfAbsent(Map<String, AttributeValue> item) {
        Expr x = new Expr();
        return Put.builder().tableName(name).item(item)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .conditionExpression("attribute_not_exists(" + x.name(options.partitionKey()) + ")")
                .expressionAttributeNames(x.names()).build();
    }

    /**
     * Writes a new item. When the item exists already and is exactly the one written, the write is ours: the
     * AWS SDK retried a put whose response was lost (or an identical call raced this one), so it succeeded.
     */
    void putNew(Put put, Supplier<RuntimeException> exists) {
        try {
            client.putItem(putNewRequest(put));
        } catch (ConditionalCheckFailedException e) {
            if (!ownPut(put, e)) {
                throw exists.get();
            }
        }
    }

    /** The conditional put of {@link #putNew} (sync and async alike). */
    PutItemRequest putNewRequest(Put put) {
        return PutItemRequest.builder().tableName(name).item(put.item()).conditionExpression(put.conditionExpression())
                .expressionAttributeNames(put.expressionAttributeNames())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
    }

    /** Whether a refused {@link #putNew} found exactly the item it wrote: a retried put of ours, so a success. */
    static boolean ownPut(Put put, ConditionalCheckFailedException refused) {
        return refused.hasItem() && Items.same(put.item(), refused.item());
    }

    /** Deletes the item with the given key; returns what was deleted, empty when there was nothing. */
    Optional<Map<String, AttributeValue>> deleteReturningOld(Map<String, AttributeValue> key) {
        return old(client.deleteItem(deleteReturningOldRequest(key)));
    }

    /** The delete of {@link #deleteReturningOld} (sync and async alike). */
    DeleteItemRequest deleteReturningOldRequest(Map<String, AttributeValue> key) {
        return DeleteItemRequest.builder().tableName(name).key(key).returnValues(ReturnValue.ALL_OLD).build();
    }

    /** What a {@link #deleteReturningOldRequest} deleted; empty when there was nothing. */
    static Optional<Map<String, AttributeValue>> old(DeleteItemResponse r) {
        return r.hasAttributes() && !r.attributes().isEmpty() ? Optional.of(r.attributes()) : Optional.empty();
    }

    /**
     * After a write into a user's partition (a session, a passkey): if the user is gone, deleted concurrently, undoes the
     * write and says so. With deleteUser's second sweep this leaves no orphan whichever order the two calls interleave in.
     */
    void requireUserStill(String userId, Map<String, AttributeValue> written) {
        if (getItem(Keys.user(userId), Keys.user(userId)).isEmpty()) {
            client.deleteItem(b -> b.tableName(name).key(keyOf(written)));
            throw userGone(userId);
        }
    }

    /** What {@link #requireUserStill} throws (sync and async alike). */
    static NotFoundException userGone(String userId) {
        return new NotFoundException("no user with id " + userId);
    }

    Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return Map.of(options.partitionKey(), item.get(options.partitionKey()), options.sortKey(), item.get(options.sortKey()));
    }

    Optional<Map<String, AttributeValue>> getItem(String partition, String sort) {
        var r = client.getItem(getRequest(partition, sort));
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(r.item()) : Optional.empty();
    }

    /**
     * Reads the items of the given keys in one {@code BatchGetItem} (at most 100 keys), with this table's read
     * consistency; keys DynamoDB leaves unprocessed (throttling) are sent again with backoff, as AWS advises. The
     * result maps each found key to its item; keys without an item are absent.
     */
    Map<Map<String, AttributeValue>, Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = new HashMap<>();
        List<Map<String, AttributeValue>> pending = keys;
        for (int attempt = 1; ; attempt++) {
            BatchGetItemRequest ask = batchGetRequest(pending);
            pending = collect(client.batchGetItem(b -> b.requestItems(ask.requestItems())), found);
            if (pending.isEmpty()) {
                return found;
            }
            try {
                sleeper.sleep(backoffBeforeBatchAttempt(attempt, pending.size(), keys.size()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdapterException("interrupted while retrying unprocessed reads", e);
            }
        }
    }

    /** One {@code BatchGetItem} of these keys with this table's read consistency (sync and async reads alike). */
    BatchGetItemRequest batchGetRequest(List<Map<String, AttributeValue>> keys) {
        KeysAndAttributes ask = KeysAndAttributes.builder().keys(keys).consistentRead(consistentReads).build();
        return BatchGetItemRequest.builder().requestItems(Map.of(name, ask)).build();
    }

    /** Adds the response's items to {@code found} by key; returns the keys DynamoDB left unprocessed (none: empty). */
    List<Map<String, AttributeValue>> collect(BatchGetItemResponse r, Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found) {
        for (Map<String, AttributeValue> item : r.hasResponses() ? r.responses().getOrDefault(name, List.of()) : List.<Map<String, AttributeValue>>of()) {
            found.put(keyOf(item), item);
        }
        KeysAndAttributes left = r.hasUnprocessedKeys() ? r.unprocessedKeys().get(name) : null;
        return left == null || !left.hasKeys() ? List.of() : left.keys();
    }

    /**
     * The pause (ms) before sending unprocessed keys again after {@code attempt} attempts: full jitter over an
     * exponential cap, as AWS advises; throws once the attempts are used up.
     */
    long backoffBeforeBatchAttempt(int attempt, int left, int asked) {
        if (attempt >= batchAttempts) {
            throw new AdapterException(left + " of " + asked
                    + " reads were still unprocessed after " + attempt + " attempts (throttled); retry the operation");
        }
        long cap = 25L << Math.min(attempt - 1, 10);
        return cap / 2 + (long) (Math.random() * (cap / 2 + 1));
    }

    /** The request of {@link #getItem}, with this table's read consistency. */
    GetItemRequest getRequest(String partition, String sort) {
        return GetItemRequest.builder().tableName(name).key(codec.keyOf(partition, sort)).consistentRead(consistentReads).build();
    }

    List<Map<String, AttributeValue>> queryIndex(String partition, String sort) {
        return query(indexQuery(partition, sort));
    }

    /** The index query of one key (partition and sort), as {@link #findByIndex} sends it. */
    QueryRequest indexQuery(String partition, String sort) {
        Expr x = new Expr();
        String condition = x.name(options.indexPartitionKey()) + " = " + x.value(partition) + " AND "
                + x.name(options.indexSortKey()) + " = " + x.value(sort);
        return QueryRequest.builder().tableName(name).indexName(options.indexName())
                .keyConditionExpression(condition).expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values()).build();
    }

    /** The item among an index query's results whose {@code attribute} is {@code value}. */
    static Optional<Map<String, AttributeValue>> match(List<Map<String, AttributeValue>> items, String attribute, String value) {
        return items.stream().filter(item -> value.equals(ItemCodec.stringAttribute(item, attribute))).findFirst();
    }

    List<Map<String, AttributeValue>> queryPartition(String partition, String sortPrefix) {
        Expr x = new Expr();
        String condition = x.name(options.partitionKey()) + " = " + x.value(partition)
                + (sortPrefix == null ? "" : " AND begins_with(" + x.name(options.sortKey()) + ", " + x.value(sortPrefix) + ")");
        return query(QueryRequest.builder().tableName(name).keyConditionExpression(condition)
                .expressionAttributeNames(x.names()).expressionAttributeValues(x.values())
                .consistentRead(consistentReads).build());
    }

    private List<Map<String, AttributeValue>> query(QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        QueryRequest next = request;
        while (true) {
            QueryResponse r = client.query(next);
            items.addAll(r.items());
            if (!r.hasLastEvaluatedKey() || r.lastEvaluatedKey().isEmpty()) {
                return items;
            }
            next = next.toBuilder().exclusiveStartKey(r.lastEvaluatedKey()).build();
        }
    }

    /** The one item the index holds under {@code key} whose {@code attribute} is {@code value} (index reads may be stale). */
    Optional<Map<String, AttributeValue>> findByIndex(String key, String attribute, String value) {
        return match(queryIndex(key, key), attribute, value);
    }

    static boolean usableUserId(String id) {
        return Keys.usableAsSort(id, Keys.user(id));
    }

    static void requireUserId(String id) {
        Keys.require(id, Keys.user(id), Keys.MAX_SORT_KEY_BYTES, "user id");
    }
}
