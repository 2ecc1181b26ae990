package dev.dynauth.spring;

import dev.dynauth.TableOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads and updates the OAuth token attributes of Account items ({@code pk USER#<userId>},
 * {@code sk ACCOUNT#<provider>#<providerAccountId>}), under Auth.js's attribute names. The adapter API
 * has no "accounts of a user" nor "update account", which an {@code OAuth2AuthorizedClientService} needs.
 */
public class AccountTokens {

    /** The token fields of one account. Secrets: {@link #toString()} is redacted. */
    public record Tokens(String providerAccountId, String accessToken, String refreshToken, String idToken,
                         String tokenType, String scope, Long expiresAt) {
        @Override
        public String toString() {
            return "Tokens[providerAccountId=" + providerAccountId + ", <redacted>, expiresAt=" + expiresAt + "]";
        }
    }

    private final DynamoDbClient client;
    private final TableOptions options;

    public AccountTokens(DynamoDbClient client, TableOptions options) {
        this.client = client;
        this.options = options;
    }

    /** The first account of the user with the provider, if any. */
    public Tokens find(String userId, String provider) {
        QueryResponse r = client.query(q -> q.tableName(options.tableName()).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :sk)")
                .expressionAttributeNames(Map.of("#pk", options.partitionKey(), "#sk", options.sortKey()))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + userId),
                        ":sk", AttributeValue.fromS("ACCOUNT#" + provider + "#")))
                .limit(10));
        for (Map<String, AttributeValue> item : r.items()) {
            if (provider.equals(s(item, "provider"))) {
                Long expiresAt = null;
                AttributeValue e = item.get("expires_at");
                if (e != null && e.n() != null) {
                    expiresAt = (long) Double.parseDouble(e.n());
                }
                return new Tokens(s(item, "providerAccountId"), s(item, "access_token"), s(item, "refresh_token"),
                        s(item, "id_token"), s(item, "token_type"), s(item, "scope"), expiresAt);
            }
        }
        return null;
    }

    /** Replaces the token attributes of an existing account; false when there is no such account. */
    public boolean update(String userId, String provider, Tokens t) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        field("access_token", t.accessToken(), set, remove, names, values);
        field("refresh_token", t.refreshToken(), set, remove, names, values);
        field("token_type", t.tokenType(), set, remove, names, values);
        field("scope", t.scope(), set, remove, names, values);
        if (t.idToken() != null) {
            field("id_token", t.idToken(), set, remove, names, values);
        }
        names.put("#expires_at", "expires_at");
        if (t.expiresAt() != null) {
            set.add("#expires_at = :expires_at");
            values.put(":expires_at", AttributeValue.fromN(Long.toString(t.expiresAt())));
        } else {
            remove.add("#expires_at");
        }
        names.put("#pk", options.partitionKey());
        String expr = (set.isEmpty() ? "" : "SET " + String.join(", ", set))
                + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        try {
            client.updateItem(u -> u.tableName(options.tableName())
                    .key(Map.of(options.partitionKey(), AttributeValue.fromS("USER#" + userId),
                            options.sortKey(), AttributeValue.fromS("ACCOUNT#" + provider + "#" + t.providerAccountId())))
                    .updateExpression(expr.trim())
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values.isEmpty() ? null : values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static void field(String name, String value, List<String> set, List<String> remove,
                              Map<String, String> names, Map<String, AttributeValue> values) {
        names.put("#" + name, name);
        if (value != null) {
            set.add("#" + name + " = :" + name);
            values.put(":" + name, AttributeValue.fromS(value));
        } else {
            remove.add("#" + name);
        }
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
