package dev.dynauth.spring.oauth2;

import dev.dynauth.Keys;
import dev.dynauth.TableOptions;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * "Used once" marks in the Auth.js table (partition {@code USED#<key>}, which the npm adapter never reads), one
 * conditional {@code PutItem} each, with a TTL on {@code expires}: every instance sees the first use.
 */
public class DynamoDbSingleUse implements CookieAuthorizationRequestRepository.SingleUse {

    private final DynamoDbClient client;
    private final TableOptions options;

    public DynamoDbSingleUse(DynamoDbClient client, TableOptions options) {
        this.client = client;
        this.options = options;
    }

    @Override
    public boolean firstUse(String key, Instant expires) {
        try {
            client.putItem(r -> r.tableName(options.tableName())
                    .item(Map.of(options.partitionKey(), AttributeValue.fromS(Keys.singleUse(key)),
                            options.sortKey(), AttributeValue.fromS(Keys.singleUse(key)),
                            TableOptions.TYPE_ATTRIBUTE, AttributeValue.fromS(Keys.TYPE_USED),
                            TableOptions.EXPIRES_ATTRIBUTE, AttributeValue.fromN(Long.toString(expires.getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", options.partitionKey())));
            return true;
        } catch (ConditionalCheckFailedException used) {
            return false;
        }
    }
}
