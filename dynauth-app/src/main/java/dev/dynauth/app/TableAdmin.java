package dev.dynauth.app;

import dev.dynauth.TableOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Creates, verifies and prints the definition of the Auth.js table for given {@link TableOptions}. */
final class TableAdmin {
    private final DynamoDbClient client;
    private final TableOptions o;

    TableAdmin(DynamoDbClient client, TableOptions options) {
        this.client = client;
        this.o = options;
    }

    Optional<TableDescription> describe() {
        try {
            return Optional.of(client.describeTable(r -> r.tableName(o.tableName())).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Fails with a clear message when the table does not exist. */
    TableDescription require() {
        return describe().orElseThrow(() -> new CliException("table '" + o.tableName()
                + "' does not exist (create it with: dynauth table create)"));
    }

    /** Creates the table, waits until it is active and turns TTL on; false when it already existed. */
    boolean create() {
        try {
            client.createTable(createRequest());
        } catch (ResourceInUseException e) {
            return false;
        }
        client.waiter().waitUntilTableExists(r -> r.tableName(o.tableName()));
        client.updateTimeToLive(r -> r.tableName(o.tableName())
                .timeToLiveSpecification(t -> t.enabled(true).attributeName(TableOptions.EXPIRES_ATTRIBUTE)));
        return true;
    }

    /** Creates the table when it is missing; returns whether it did. */
    boolean createIfMissing() {
        return describe().isEmpty() && create();
    }

    CreateTableRequest createRequest() {
        return CreateTableRequest.builder()
                .tableName(o.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attr(o.partitionKey()), attr(o.sortKey()),
                        attr(o.indexPartitionKey()), attr(o.indexSortKey()))
                .keySchema(key(o.partitionKey(), KeyType.HASH), key(o.sortKey(), KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(o.indexName())
                        .keySchema(key(o.indexPartitionKey(), KeyType.HASH), key(o.indexSortKey(), KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** Problems in plain words; empty when the table matches the options. */
    List<String> verify() {
        Optional<TableDescription> d = describe();
        if (d.isEmpty()) {
            return List.of("table '" + o.tableName() + "' does not exist (create it with: dynauth table create)");
        }
        TableDescription t = d.get();
        List<String> problems = new ArrayList<>();
        Map<String, String> types = t.attributeDefinitions().stream().collect(Collectors.toMap(
                AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString));
        checkKeys(problems, "the table", t.keySchema(), o.partitionKey(), o.sortKey(), types);
        GlobalSecondaryIndexDescription gsi = t.hasGlobalSecondaryIndexes() ? t.globalSecondaryIndexes().stream()
                .filter(g -> g.indexName().equals(o.indexName())).findFirst().orElse(null) : null;
        if (gsi == null) {
            String others = t.hasGlobalSecondaryIndexes() && !t.globalSecondaryIndexes().isEmpty()
                    ? " (it has: " + t.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName)
                            .collect(Collectors.joining(", ")) + ")"
                    : " (it has none)";
            problems.add("the global secondary index '" + o.indexName() + "' is missing" + others);
        } else {
            checkKeys(problems, "the index '" + o.indexName() + "'", gsi.keySchema(),
                    o.indexPartitionKey(), o.indexSortKey(), types);
            ProjectionType p = gsi.projection() == null ? null : gsi.projection().projectionType();
            if (p != ProjectionType.ALL) {
                problems.add("the index '" + o.indexName() + "' projects " + p
                        + " attributes, but must project ALL (lookups by email, account and session read whole items)");
            }
        }
        return problems;
    }

    /** A note about TTL, or empty when it is on for {@code expires}. Not a schema problem. */
    Optional<String> ttlNote() {
        try {
            TimeToLiveDescription ttl = client.describeTimeToLive(r -> r.tableName(o.tableName())).timeToLiveDescription();
            if (ttl == null || ttl.timeToLiveStatus() == TimeToLiveStatus.DISABLED
                    || ttl.timeToLiveStatus() == TimeToLiveStatus.DISABLING) {
                return Optional.of("TTL is off: expired sessions and tokens stay in the table until 'dynauth purge-expired'");
            }
            if (!TableOptions.EXPIRES_ATTRIBUTE.equals(ttl.attributeName())) {
                return Optional.of("TTL uses the attribute '" + ttl.attributeName() + "', not 'expires'");
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void checkKeys(List<String> problems, String where, List<KeySchemaElement> schema,
                                  String hash, String range, Map<String, String> types) {
        String actualHash = schema.stream().filter(k -> k.keyType() == KeyType.HASH).map(KeySchemaElement::attributeName)
                .findFirst().orElse(null);
        String actualRange = schema.stream().filter(k -> k.keyType() == KeyType.RANGE).map(KeySchemaElement::attributeName)
                .findFirst().orElse(null);
        if (!hash.equals(actualHash)) {
            problems.add(where + " has the partition key '" + actualHash + "', expected '" + hash + "'");
        } else if (!"S".equals(types.get(hash))) {
            problems.add(where + "'s partition key '" + hash + "' has type " + types.get(hash) + ", expected S (string)");
        }
        if (actualRange == null) {
            problems.add(where + " has no sort key, expected '" + range + "'");
        } else if (!range.equals(actualRange)) {
            problems.add(where + " has the sort key '" + actualRange + "', expected '" + range + "'");
        } else if (!"S".equals(types.get(range))) {
            problems.add(where + "'s sort key '" + range + "' has type " + types.get(range) + ", expected S (string)");
        }
    }

    /** An {@code AWS::DynamoDB::Table} resource as a CloudFormation template in YAML. */
    String cloudFormationYaml() {
        return String.join("\n",
                "AWSTemplateFormatVersion: \"2010-09-09\"",
                "Description: Auth.js (dynauth) table",
                "Resources:",
                "  NextAuthTable:",
                "    Type: AWS::DynamoDB::Table",
                "    Properties:",
                "      TableName: " + q(o.tableName()),
                "      BillingMode: PAY_PER_REQUEST",
                "      AttributeDefinitions:",
                "        - AttributeName: " + q(o.partitionKey()),
                "          AttributeType: S",
                "        - AttributeName: " + q(o.sortKey()),
                "          AttributeType: S",
                "        - AttributeName: " + q(o.indexPartitionKey()),
                "          AttributeType: S",
                "        - AttributeName: " + q(o.indexSortKey()),
                "          AttributeType: S",
                "      KeySchema:",
                "        - AttributeName: " + q(o.partitionKey()),
                "          KeyType: HASH",
                "        - AttributeName: " + q(o.sortKey()),
                "          KeyType: RANGE",
                "      GlobalSecondaryIndexes:",
                "        - IndexName: " + q(o.indexName()),
                "          KeySchema:",
                "            - AttributeName: " + q(o.indexPartitionKey()),
                "              KeyType: HASH",
                "            - AttributeName: " + q(o.indexSortKey()),
                "              KeyType: RANGE",
                "          Projection:",
                "            ProjectionType: ALL",
                "      TimeToLiveSpecification:",
                "        AttributeName: expires",
                "        Enabled: true",
                "");
    }

    /** The same template as JSON. */
    String cloudFormationJson() {
        var n = DynamoJson.MAPPER.createObjectNode();
        n.put("AWSTemplateFormatVersion", "2010-09-09");
        n.put("Description", "Auth.js (dynauth) table");
        var p = n.putObject("Resources").putObject("NextAuthTable");
        p.put("Type", "AWS::DynamoDB::Table");
        var props = p.putObject("Properties");
        props.put("TableName", o.tableName());
        props.put("BillingMode", "PAY_PER_REQUEST");
        var defs = props.putArray("AttributeDefinitions");
        for (String a : List.of(o.partitionKey(), o.sortKey(), o.indexPartitionKey(), o.indexSortKey())) {
            defs.addObject().put("AttributeName", a).put("AttributeType", "S");
        }
        var ks = props.putArray("KeySchema");
        ks.addObject().put("AttributeName", o.partitionKey()).put("KeyType", "HASH");
        ks.addObject().put("AttributeName", o.sortKey()).put("KeyType", "RANGE");
        var gsi = props.putArray("GlobalSecondaryIndexes").addObject();
        gsi.put("IndexName", o.indexName());
        var gks = gsi.putArray("KeySchema");
        gks.addObject().put("AttributeName", o.indexPartitionKey()).put("KeyType", "HASH");
        gks.addObject().put("AttributeName", o.indexSortKey()).put("KeyType", "RANGE");
        gsi.putObject("Projection").put("ProjectionType", "ALL");
        props.putObject("TimeToLiveSpecification").put("AttributeName", "expires").put("Enabled", true);
        return DynamoJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    }

    /** AWS CDK (TypeScript) code for the table. */
    String cdk() {
        return String.join("\n",
                "import * as dynamodb from \"aws-cdk-lib/aws-dynamodb\";",
                "",
                "const table = new dynamodb.Table(this, \"NextAuthTable\", {",
                "  tableName: " + js(o.tableName()) + ",",
                "  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,",
                "  partitionKey: { name: " + js(o.partitionKey()) + ", type: dynamodb.AttributeType.STRING },",
                "  sortKey: { name: " + js(o.sortKey()) + ", type: dynamodb.AttributeType.STRING },",
                "  timeToLiveAttribute: \"expires\",",
                "});",
                "",
                "table.addGlobalSecondaryIndex({",
                "  indexName: " + js(o.indexName()) + ",",
                "  partitionKey: { name: " + js(o.indexPartitionKey()) + ", type: dynamodb.AttributeType.STRING },",
                "  sortKey: { name: " + js(o.indexSortKey()) + ", type: dynamodb.AttributeType.STRING },",
                "  projectionType: dynamodb.ProjectionType.ALL,",
                "});",
                "");
    }

    private static String q(String s) {
        return DynamoJson.MAPPER.writeValueAsString(s);
    }

    private static String js(String s) {
        return DynamoJson.MAPPER.writeValueAsString(s);
    }
}
