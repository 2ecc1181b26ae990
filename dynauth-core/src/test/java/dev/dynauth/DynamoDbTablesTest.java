package dev.dynauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** Creates and checks tables on an in-process DynamoDB Local. */
class DynamoDbTablesTest {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static AmazonDynamoDBLocal local;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() {
        local = DynamoDBEmbedded.create(true);
        client = local.dynamoDbClient();
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.shutdown();
        }
    }

    /** The tests share one database, so each gets its own table. */
    private static TableOptions fresh() {
        return TableOptions.builder().tableName("t" + SEQ.incrementAndGet() + "-auth").build();
    }

    @Test
    void createsTheDefaultTableOnDemandWithIndexAndTtl() {
        TableOptions options = TableOptions.defaults();
        assertTrue(DynamoDbTables.createIfMissing(client, options));

        SchemaReport report = DynamoDbTables.verify(client, options);
        assertTrue(report.ok(), report::toString);
        assertEquals(List.of(), report.problems());
        assertEquals("next-auth", report.tableName());
        assertEquals(report, report.requireOk());

        TableDescription table = client.describeTable(r -> r.tableName("next-auth")).table();
        assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode());
        assertEquals(List.of(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)), table.keySchema());
        assertEquals("GSI1", table.globalSecondaryIndexes().get(0).indexName());
        assertEquals(List.of(key("GSI1PK", KeyType.HASH), key("GSI1SK", KeyType.RANGE)),
                table.globalSecondaryIndexes().get(0).keySchema());
        assertEquals(ProjectionType.ALL, table.globalSecondaryIndexes().get(0).projection().projectionType());
        TimeToLiveDescription ttl = client.describeTimeToLive(r -> r.tableName("next-auth")).timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
        assertEquals("expires", ttl.attributeName());
    }

    @Test
    void createIfMissingTwiceCreatesOnceAndKeepsTheTable() {
        TableOptions options = fresh();
        assertTrue(DynamoDbTables.createIfMissing(client, options));
        client.putItem(r -> r.tableName(options.tableName()).item(Map.of(
                "pk", s("USER#1"), "sk", s("USER#1"))));

        assertFalse(DynamoDbTables.createIfMissing(client, options));
        assertFalse(DynamoDbTables.createIfMissing(client, options, CreateTableOptions.provisioned(1, 1)));

        assertTrue(DynamoDbTables.verify(client, options).ok());
        assertEquals(1, client.scan(r -> r.tableName(options.tableName())).count(), "the table was left alone");
    }

    @Test
    void createsAProvisionedTable() {
        TableOptions options = fresh();
        assertTrue(DynamoDbTables.createIfMissing(client, options, CreateTableOptions.provisioned(3, 4)));

        TableDescription table = client.describeTable(r -> r.tableName(options.tableName())).table();
        assertEquals(3L, table.provisionedThroughput().readCapacityUnits());
        assertEquals(4L, table.provisionedThroughput().writeCapacityUnits());
        assertEquals(3L, table.globalSecondaryIndexes().get(0).provisionedThroughput().readCapacityUnits());
        assertEquals(4L, table.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits());
        assertTrue(DynamoDbTables.verify(client, options).ok());
    }

    @Test
    void createsAndVerifiesCustomNames() {
        TableOptions custom = custom("custom-table-name");
        assertTrue(DynamoDbTables.createIfMissing(client, custom));
        SchemaReport report = DynamoDbTables.verify(client, custom);
        assertTrue(report.ok(), report::toString);

        TableOptions defaultsOnThatTable = TableOptions.builder().tableName("custom-table-name").build();
        assertEquals(List.of(
                "table \"custom-table-name\" partition key (HASH) is \"custom-pk\", expected \"pk\"",
                "table \"custom-table-name\" sort key (RANGE) is \"custom-sk\", expected \"sk\"",
                "table \"custom-table-name\" has no global secondary index \"GSI1\" (it has \"custom-index-name\")"),
                DynamoDbTables.verify(client, defaultsOnThatTable).problems());

        TableOptions otherIndexKeys = custom.toBuilder().indexPartitionKey("GSI1PK").indexSortKey("GSI1SK").build();
        assertEquals(List.of(
                "index \"custom-index-name\" partition key (HASH) is \"custom-index-pk\", expected \"GSI1PK\"",
                "index \"custom-index-name\" sort key (RANGE) is \"custom-index-sk\", expected \"GSI1SK\""),
                DynamoDbTables.verify(client, otherIndexKeys).problems());
    }

    @Test
    void reportsAMissingTableAsOneProblem() {
        SchemaReport report = DynamoDbTables.verify(client, TableOptions.builder().tableName("no-such-table").build());
        assertFalse(report.ok());
        assertEquals(List.of("table \"no-such-table\" does not exist"), report.problems());
        AdapterException e = assertThrows(AdapterException.class, report::requireOk);
        assertTrue(e.getMessage().contains("table \"no-such-table\" does not exist"), e.getMessage());
    }

    @Test
    void reportsWrongKeyTypes() {
        TableOptions o = fresh();
        client.createTable(handMade(o, ScalarAttributeType.N, ScalarAttributeType.B, ScalarAttributeType.N,
                ScalarAttributeType.S, ProjectionType.ALL, true));
        enableTtl(o.tableName(), "expires");
        String t = "table \"" + o.tableName() + "\"";
        assertEquals(List.of(
                t + " partition key \"pk\" has type N, expected S (string)",
                t + " sort key \"sk\" has type B, expected S (string)",
                "index \"GSI1\" partition key \"GSI1PK\" has type N, expected S (string)"),
                DynamoDbTables.verify(client, o).problems());
    }

    @Test
    void reportsAKeysOnlyIndex() {
        TableOptions o = fresh();
        client.createTable(handMade(o, ScalarAttributeType.S, ScalarAttributeType.S, ScalarAttributeType.S,
                ScalarAttributeType.S, ProjectionType.KEYS_ONLY, true));
        enableTtl(o.tableName(), "expires");
        assertEquals(List.of("index \"GSI1\" projects KEYS_ONLY, expected ALL"),
                DynamoDbTables.verify(client, o).problems());
    }

    @Test
    void reportsMissingTtl() {
        TableOptions o = fresh();
        client.createTable(handMade(o, ScalarAttributeType.S, ScalarAttributeType.S, ScalarAttributeType.S,
                ScalarAttributeType.S, ProjectionType.ALL, true));
        assertEquals(List.of("table \"" + o.tableName() + "\" has TTL disabled, expected enabled on \"expires\""),
                DynamoDbTables.verify(client, o).problems());
    }

    @Test
    void reportsTtlOnAnotherAttribute() {
        TableOptions o = fresh();
        client.createTable(handMade(o, ScalarAttributeType.S, ScalarAttributeType.S, ScalarAttributeType.S,
                ScalarAttributeType.S, ProjectionType.ALL, true));
        enableTtl(o.tableName(), "ttl");
        assertEquals(List.of("table \"" + o.tableName() + "\" has TTL enabled on \"ttl\", expected on \"expires\""),
                DynamoDbTables.verify(client, o).problems());
    }

    @Test
    void reportsAMissingIndex() {
        TableOptions o = fresh();
        client.createTable(handMade(o, ScalarAttributeType.S, ScalarAttributeType.S, ScalarAttributeType.S,
                ScalarAttributeType.S, ProjectionType.ALL, false));
        enableTtl(o.tableName(), "expires");
        assertEquals(List.of("table \"" + o.tableName() + "\" has no global secondary index \"GSI1\""),
                DynamoDbTables.verify(client, o).problems());
    }

    @Test
    void reportsALocalIndexWhereTheGlobalOneShouldBe() {
        TableOptions o = fresh();
        CreateTableRequest withoutGsi = handMade(o, ScalarAttributeType.S, ScalarAttributeType.S,
                ScalarAttributeType.S, ScalarAttributeType.S, ProjectionType.ALL, false);
        client.createTable(withoutGsi.toBuilder()
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("sk", ScalarAttributeType.S),
                        def("GSI1SK", ScalarAttributeType.S))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("GSI1")
                        .keySchema(key("pk", KeyType.HASH), key("GSI1SK", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build())
                .build());
        enableTtl(o.tableName(), "expires");
        assertEquals(List.of("index \"GSI1\" is a local secondary index, expected a global secondary index"),
                DynamoDbTables.verify(client, o).problems());
    }

    @Test
    void reportsEveryProblemOfABadTableAtOnce() {
        TableOptions o = fresh();
        client.createTable(handMade(o, ScalarAttributeType.N, ScalarAttributeType.S, ScalarAttributeType.S,
                ScalarAttributeType.B, ProjectionType.KEYS_ONLY, true));
        String t = "table \"" + o.tableName() + "\"";
        assertEquals(List.of(
                t + " partition key \"pk\" has type N, expected S (string)",
                "index \"GSI1\" sort key \"GSI1SK\" has type B, expected S (string)",
                "index \"GSI1\" projects KEYS_ONLY, expected ALL",
                t + " has TTL disabled, expected enabled on \"expires\""),
                DynamoDbTables.verify(client, o).problems());
    }

    /** The CloudFormation resource, read back by a YAML parser, is the very table create() makes. */
    @Test
    void cloudFormationDescribesTheTableCreateMakes() {
        for (TableOptions options : List.of(TableOptions.defaults().toBuilder().tableName("cfn-defaults").build(),
                custom("cfn-custom"), odd("cfn-odd"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> resource = (Map<String, Object>) ((Map<String, Object>) new Yaml()
                    .load(DynamoDbTables.cloudFormation(options))).get("NextAuthTable");
            assertEquals("AWS::DynamoDB::Table", resource.get("Type"));
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");

            CreateTableRequest fromYaml = fromCloudFormation(props);
            assertEquals(DynamoDbTables.createTableRequest(options, CreateTableOptions.onDemand()), fromYaml);

            // And deployed as written, it passes verify().
            client.createTable(fromYaml);
            @SuppressWarnings("unchecked")
            Map<String, Object> ttl = (Map<String, Object>) props.get("TimeToLiveSpecification");
            assertEquals(Boolean.TRUE, ttl.get("Enabled"));
            enableTtl(options.tableName(), (String) ttl.get("AttributeName"));
            SchemaReport report = DynamoDbTables.verify(client, options);
            assertTrue(report.ok(), report::toString);
        }
    }

    @Test
    void createsAndVerifiesNamesThatNeedQuoting() {
        TableOptions options = odd("odd-names");
        assertTrue(DynamoDbTables.createIfMissing(client, options));
        assertTrue(DynamoDbTables.verify(client, options).ok());
    }

    // ---- helpers

    static TableOptions custom(String tableName) {
        return TableOptions.builder().tableName(tableName).partitionKey("custom-pk").sortKey("custom-sk")
                .indexName("custom-index-name").indexPartitionKey("custom-index-pk").indexSortKey("custom-index-sk")
                .build();
    }

    /** Names a YAML or TypeScript writer must quote or escape. */
    static TableOptions odd(String tableName) {
        return TableOptions.builder().tableName(tableName).partitionKey("true").sortKey("a: b #c")
                .indexName("2024-01-01").indexPartitionKey("say \"hi\" \\o/").indexSortKey("- 12")
                .build();
    }

    @SuppressWarnings("unchecked")
    private static CreateTableRequest fromCloudFormation(Map<String, Object> props) {
        List<AttributeDefinition> defs = new ArrayList<>();
        for (Map<String, Object> d : (List<Map<String, Object>>) props.get("AttributeDefinitions")) {
            defs.add(def((String) d.get("AttributeName"), ScalarAttributeType.fromValue((String) d.get("AttributeType"))));
        }
        Map<String, Object> gsi = ((List<Map<String, Object>>) props.get("GlobalSecondaryIndexes")).get(0);
        Map<String, Object> projection = (Map<String, Object>) gsi.get("Projection");
        return CreateTableRequest.builder()
                .tableName((String) props.get("TableName"))
                .attributeDefinitions(defs)
                .keySchema(keys((List<Map<String, Object>>) props.get("KeySchema")))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName((String) gsi.get("IndexName"))
                        .keySchema(keys((List<Map<String, Object>>) gsi.get("KeySchema")))
                        .projection(Projection.builder()
                                .projectionType((String) projection.get("ProjectionType")).build())
                        .build())
                .billingMode((String) props.get("BillingMode"))
                .build();
    }

    private static List<KeySchemaElement> keys(List<Map<String, Object>> yaml) {
        return yaml.stream().map(k -> KeySchemaElement.builder()
                .attributeName((String) k.get("AttributeName")).keyType((String) k.get("KeyType")).build()).toList();
    }

    private static CreateTableRequest handMade(TableOptions o, ScalarAttributeType pk, ScalarAttributeType sk,
                                               ScalarAttributeType gpk, ScalarAttributeType gsk,
                                               ProjectionType projection, boolean withIndex) {
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(o.tableName())
                .keySchema(key(o.partitionKey(), KeyType.HASH), key(o.sortKey(), KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (withIndex) {
            b.attributeDefinitions(def(o.partitionKey(), pk), def(o.sortKey(), sk),
                            def(o.indexPartitionKey(), gpk), def(o.indexSortKey(), gsk))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(o.indexName())
                            .keySchema(key(o.indexPartitionKey(), KeyType.HASH), key(o.indexSortKey(), KeyType.RANGE))
                            .projection(Projection.builder().projectionType(projection).build()).build());
        } else {
            b.attributeDefinitions(def(o.partitionKey(), pk), def(o.sortKey(), sk));
        }
        return b.build();
    }

    private static void enableTtl(String table, String attribute) {
        client.updateTimeToLive(r -> r.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true)));
    }

    static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    static AttributeDefinition def(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue s(String v) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(v);
    }
}
