package dev.dynauth.spring;

import dev.dynauth.TableOptions;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Creating and checking the Auth.js table from the starter. Kept small and package-private: the
 * full schema check lives in dynauth-core once it exists there.
 */
final class TableSupport {

    private TableSupport() {}

    /** Creates the table (on-demand billing, GSI projecting ALL, TTL on {@code expires}) unless it exists. */
    static boolean createIfMissing(DynamoDbClient client, TableOptions o) {
        try {
            client.describeTable(r -> r.tableName(o.tableName()));
            return false;
        } catch (ResourceNotFoundException missing) {
            // create below
        }
        try {
            client.createTable(r -> r.tableName(o.tableName())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attr(o.partitionKey()), attr(o.sortKey()),
                            attr(o.indexPartitionKey()), attr(o.indexSortKey()))
                    .keySchema(key(o.partitionKey(), KeyType.HASH), key(o.sortKey(), KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(o.indexName())
                            .keySchema(key(o.indexPartitionKey(), KeyType.HASH), key(o.indexSortKey(), KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        } catch (ResourceInUseException raced) {
            return false;
        }
        client.waiter().waitUntilTableExists(r -> r.tableName(o.tableName()));
        try {
            client.updateTimeToLive(r -> r.tableName(o.tableName())
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName(TableOptions.EXPIRES_ATTRIBUTE)));
        } catch (RuntimeException ttlUnsupported) {
            // TTL is an optimisation; the adapter never returns expired items anyway.
        }
        return true;
    }

    /** Problems of the table's schema; empty when it can serve the adapter. */
    static List<String> check(DynamoDbClient client, TableOptions o) {
        List<String> problems = new ArrayList<>();
        TableDescription t;
        try {
            t = client.describeTable(r -> r.tableName(o.tableName())).table();
        } catch (ResourceNotFoundException e) {
            problems.add("table " + o.tableName() + " does not exist");
            return problems;
        }
        if (!hasKey(t.keySchema(), o.partitionKey(), KeyType.HASH) || !hasKey(t.keySchema(), o.sortKey(), KeyType.RANGE)) {
            problems.add("table keys are not " + o.partitionKey() + "/" + o.sortKey());
        }
        GlobalSecondaryIndexDescription gsi = t.globalSecondaryIndexes().stream()
                .filter(g -> g.indexName().equals(o.indexName())).findFirst().orElse(null);
        if (gsi == null) {
            problems.add("index " + o.indexName() + " is missing");
        } else {
            if (!hasKey(gsi.keySchema(), o.indexPartitionKey(), KeyType.HASH)
                    || !hasKey(gsi.keySchema(), o.indexSortKey(), KeyType.RANGE)) {
                problems.add("index keys are not " + o.indexPartitionKey() + "/" + o.indexSortKey());
            }
            if (gsi.projection() == null || gsi.projection().projectionType() != ProjectionType.ALL) {
                problems.add("index " + o.indexName() + " must project ALL attributes");
            }
        }
        return problems;
    }

    private static boolean hasKey(List<KeySchemaElement> keys, String name, KeyType type) {
        return keys.stream().anyMatch(k -> k.attributeName().equals(name) && k.keyType() == type);
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
