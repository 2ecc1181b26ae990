package dev.dynauth.spring.magiclink;

import dev.dynauth.Keys;
import dev.dynauth.TableOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A fixed-window counter per key, one conditional {@code UpdateItem} per attempt, kept in the Auth.js
 * table under partitions the npm adapter never reads ({@code RATE#<key>} / {@code RATE#<window start>})
 * with a TTL ({@code expires}) at the end of the window, so every instance shares the limit.
 */
public class DynamoDbRateLimiter implements RateLimiter {

    private final DynamoDbClient client;
    private final TableOptions options;
    private final Clock clock;
    private final int limit;
    private final Duration window;

    public DynamoDbRateLimiter(DynamoDbClient client, TableOptions options, Clock clock, int limit, Duration window) {
        this.client = client;
        this.options = options;
        this.clock = clock;
        this.limit = limit;
        this.window = window;
    }

    @Override
    public boolean tryAcquire(String key) {
        return tryAcquire(key, limit, window);
    }

    @Override
    public boolean tryAcquire(String key, int limit, Duration window) {
        if (limit <= 0) {
            return true;
        }
        long windowMillis = window.toMillis();
        long start = clock.millis() / windowMillis * windowMillis;
        long end = (start + windowMillis) / 1000 + 1;
        try {
            client.updateItem(r -> r.tableName(options.tableName())
                    .key(Map.of(options.partitionKey(), AttributeValue.fromS(Keys.rateCounter(key)),
                            options.sortKey(), AttributeValue.fromS(Keys.rateWindow(start))))
                    .updateExpression("ADD #c :one SET #e = if_not_exists(#e, :end), #t = :type")
                    .conditionExpression("attribute_not_exists(#c) OR #c < :limit")
                    .expressionAttributeNames(Map.of("#c", "count", "#e", TableOptions.EXPIRES_ATTRIBUTE, "#t",
                            TableOptions.TYPE_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":end", AttributeValue.fromN(Long.toString(end)),
                            ":type", AttributeValue.fromS(Keys.TYPE_RATE),
                            ":limit", AttributeValue.fromN(Integer.toString(limit)))));
            return true;
        } catch (ConditionalCheckFailedException over) {
            return false;
        }
    }
}
