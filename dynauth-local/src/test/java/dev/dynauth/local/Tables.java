package dev.dynauth.local;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Table helpers shared by the tests: a pk/sk table, optionally with a GSI like Auth.js's next-auth table. */
final class Tables {
    private Tables() {}

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static String create(DynamoDbClient dynamo, String prefix, boolean withGsi) {
        String name = uniqueName(prefix);
        dynamo.createTable(b -> {
            b.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE));
            if (withGsi) {
                b.attributeDefinitions(attr("pk"), attr("sk"), attr("GSI1PK"), attr("GSI1SK"))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                                .indexName("GSI1")
                                .keySchema(key("GSI1PK", KeyType.HASH), key("GSI1SK", KeyType.RANGE))
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                                .build());
            } else {
                b.attributeDefinitions(attr("pk"), attr("sk"));
            }
        });
        return name;
    }

    static void put(DynamoDbClient dynamo, String table, String pk, Map<String, AttributeValue> extra) {
        Map<String, AttributeValue> item = new HashMap<>(extra);
        item.put("pk", s(pk));
        item.put("sk", s(pk));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    static boolean exists(DynamoDbClient dynamo, String table, String pk) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", s(pk), "sk", s(pk)))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
