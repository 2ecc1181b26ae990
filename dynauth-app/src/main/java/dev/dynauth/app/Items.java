package dev.dynauth.app;

import dev.dynauth.TableOptions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Reads and writes of whole items of the Auth.js table, with the table's own key names: what the
 * admin commands need beyond the adapter's per-user operations. Every listing follows
 * {@code LastEvaluatedKey}; every batch write retries its unprocessed items.
 */
final class Items {
    static final int BATCH = 25;
    /** DynamoDB's limits on key sizes: longer values can never be keys, so they are "not found". */
    static final int MAX_SORT_KEY_BYTES = 1024;

    private final DynamoDbClient client;
    private final TableOptions o;

    Items(DynamoDbClient client, TableOptions options) {
        this.client = client;
        this.o = options;
    }

    TableOptions options() { return o; }

    Optional<Map<String, AttributeValue>> user(String id) {
        if (!fits("USER#" + id)) return Optional.empty();
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(o.tableName()).consistentRead(true)
                .key(key("USER#" + id, "USER#" + id))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    Optional<Map<String, AttributeValue>> userByEmail(String email) {
        String k = "USER#" + email.trim().toLowerCase(Locale.ROOT);
        return queryIndex(k).stream().filter(i -> "USER".equals(s(i, TableOptions.TYPE_ATTRIBUTE))).findFirst()
                .or(() -> queryIndex("USER#" + email.trim()).stream()
                        .filter(i -> "USER".equals(s(i, TableOptions.TYPE_ATTRIBUTE))).findFirst());
    }

    /** A user by id, or by email when the argument has an '@'. */
    Optional<Map<String, AttributeValue>> userByIdOrEmail(String idOrEmail) {
        Optional<Map<String, AttributeValue>> u = user(idOrEmail);
        if (u.isEmpty() && idOrEmail.contains("@")) {
            u = userByEmail(idOrEmail);
        }
        return u;
    }

    /** Every item whose partition key is {@code USER#<id>}: the user, its accounts, sessions and authenticators. */
    List<Map<String, AttributeValue>> userItems(String userId) {
        return queryPartition("USER#" + userId, null);
    }

    List<Map<String, AttributeValue>> sessionsOf(String userId) {
        return queryPartition("USER#" + userId, "SESSION#");
    }

    private List<Map<String, AttributeValue>> queryPartition(String pk, String skPrefix) {
        if (!fits(pk)) return List.of();
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        names.put("#pk", o.partitionKey());
        values.put(":pk", AttributeValue.fromS(pk));
        String cond = "#pk = :pk";
        if (skPrefix != null) {
            names.put("#sk", o.sortKey());
            values.put(":sk", AttributeValue.fromS(skPrefix));
            cond += " AND begins_with(#sk, :sk)";
        }
        QueryRequest q = QueryRequest.builder().tableName(o.tableName()).consistentRead(true)
                .keyConditionExpression(cond).expressionAttributeNames(names).expressionAttributeValues(values).build();
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        client.queryPaginator(q).items().forEach(out::add);
        return out;
    }

    List<Map<String, AttributeValue>> queryIndex(String gsiPk) {
        if (!fits(gsiPk)) return List.of();
        QueryRequest q = QueryRequest.builder().tableName(o.tableName()).indexName(o.indexName())
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", o.indexPartitionKey()))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(gsiPk))).build();
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        client.queryPaginator(q).items().forEach(out::add);
        return out;
    }

    /** The session item of a token, found through the index. */
    Optional<Map<String, AttributeValue>> sessionByToken(String token) {
        String k = "SESSION#" + token;
        return queryIndex(k).stream().filter(i -> k.equals(s(i, o.sortKey()))).findFirst();
    }

    /** All users, page by page, lazily. */
    Stream<Map<String, AttributeValue>> users() {
        ScanRequest s = ScanRequest.builder().tableName(o.tableName()).consistentRead(true)
                .filterExpression("#t = :t").expressionAttributeNames(Map.of("#t", TableOptions.TYPE_ATTRIBUTE))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("USER"))).build();
        return client.scanPaginator(s).items().stream();
    }

    /** Every item of the table, lazily. */
    Stream<Map<String, AttributeValue>> all() {
        return client.scanPaginator(ScanRequest.builder().tableName(o.tableName()).consistentRead(true).build())
                .items().stream();
    }

    /** Items with an {@code expires} attribute, lazily. */
    Stream<Map<String, AttributeValue>> withExpiry() {
        ScanRequest s = ScanRequest.builder().tableName(o.tableName()).consistentRead(true)
                .filterExpression("attribute_exists(#e)")
                .expressionAttributeNames(Map.of("#e", TableOptions.EXPIRES_ATTRIBUTE)).build();
        return client.scanPaginator(s).items().stream();
    }

    Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> k = new LinkedHashMap<>();
        k.put(o.partitionKey(), item.get(o.partitionKey()));
        k.put(o.sortKey(), item.get(o.sortKey()));
        return k;
    }

    Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> k = new LinkedHashMap<>();
        k.put(o.partitionKey(), AttributeValue.fromS(pk));
        k.put(o.sortKey(), AttributeValue.fromS(sk));
        return k;
    }

    /** Deletes an item only if its {@code expires} is still the value that was read; false if it changed. */
    boolean deleteIfExpiresUnchanged(Map<String, AttributeValue> item) {
        try {
            client.deleteItem(r -> r.tableName(o.tableName()).key(keyOf(item))
                    .conditionExpression("#e = :e")
                    .expressionAttributeNames(Map.of("#e", TableOptions.EXPIRES_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":e", item.get(TableOptions.EXPIRES_ATTRIBUTE))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Deletes the items (by their keys) in batches of 25. */
    void deleteAll(List<Map<String, AttributeValue>> items) {
        List<WriteRequest> requests = new ArrayList<>();
        for (Map<String, AttributeValue> i : items) {
            requests.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(keyOf(i)).build()).build());
        }
        writeAll(requests, n -> { });
    }

    /** Puts the items in batches of 25; a later item with the same key as an earlier one wins. */
    void putAll(List<Map<String, AttributeValue>> items, LongConsumer progress) {
        List<WriteRequest> requests = new ArrayList<>();
        for (Map<String, AttributeValue> i : items) {
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build());
        }
        writeAll(requests, progress);
    }

    private void writeAll(List<WriteRequest> requests, LongConsumer progress) {
        List<WriteRequest> batch = new ArrayList<>();
        Set<Map<String, AttributeValue>> keys = new HashSet<>();
        for (WriteRequest w : requests) {
            Map<String, AttributeValue> k = w.putRequest() != null ? keyOf(w.putRequest().item()) : w.deleteRequest().key();
            if (batch.size() == BATCH || !keys.add(k)) {
                // a batch may not hold the same key twice: flush before the repeat
                flush(batch, progress);
                batch.clear();
                keys.clear();
                keys.add(k);
            }
            batch.add(w);
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

    static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    /** The {@code expires} of an item as an instant: a Number of epoch seconds or, from old adapters, an ISO string. */
    static Optional<Instant> expires(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(TableOptions.EXPIRES_ATTRIBUTE);
        if (v == null) return Optional.empty();
        if (v.n() != null) {
            try {
                BigDecimal millis = new BigDecimal(v.n()).movePointRight(3);
                return Optional.of(Instant.ofEpochMilli(millis.longValue()));
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        if (v.s() != null) {
            try {
                return Optional.of(Instant.parse(v.s()));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether the item's {@code expires} has passed at {@code now}. */
    boolean expiresBefore(Map<String, AttributeValue> item, Instant now) {
        return expires(item).map(e -> !e.isAfter(now)).orElse(false);
    }

    private static boolean fits(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length <= MAX_SORT_KEY_BYTES;
    }
}
