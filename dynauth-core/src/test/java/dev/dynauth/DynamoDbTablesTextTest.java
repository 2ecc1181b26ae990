package dev.dynauth;

import static dev.dynauth.DynamoDbTablesTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The generated templates and the schema checks that need no database. */
class DynamoDbTablesTextTest {

    /** The seed's CloudFormation resource, with the billing mode it needs to deploy. */
    private static final String SEED_CLOUDFORMATION = """
            NextAuthTable:
              Type: "AWS::DynamoDB::Table"
              Properties:
                TableName: next-auth
                BillingMode: PAY_PER_REQUEST
                AttributeDefinitions:
                  - AttributeName: pk
                    AttributeType: S
                  - AttributeName: sk
                    AttributeType: S
                  - AttributeName: GSI1PK
                    AttributeType: S
                  - AttributeName: GSI1SK
                    AttributeType: S
                KeySchema:
                  - AttributeName: pk
                    KeyType: HASH
                  - AttributeName: sk
                    KeyType: RANGE
                GlobalSecondaryIndexes:
                  - IndexName: GSI1
                    Projection:
                      ProjectionType: ALL
                    KeySchema:
                      - AttributeName: GSI1PK
                        KeyType: HASH
                      - AttributeName: GSI1SK
                        KeyType: RANGE
                TimeToLiveSpecification:
                  AttributeName: expires
                  Enabled: true
            """;

    /** The seed's CDK code, with billing mode and a terminating semicolon. */
    private static final String SEED_CDK = """
            new dynamodb.Table(this, "NextAuthTable", {
              tableName: "next-auth",
              partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING },
              sortKey: { name: "sk", type: dynamodb.AttributeType.STRING },
              billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
              timeToLiveAttribute: "expires",
            }).addGlobalSecondaryIndex({
              indexName: "GSI1",
              partitionKey: { name: "GSI1PK", type: dynamodb.AttributeType.STRING },
              sortKey: { name: "GSI1SK", type: dynamodb.AttributeType.STRING },
            });
            """;

    private static final TableOptions CUSTOM = DynamoDbTablesTest.custom("custom-table-name");

    // ---- CloudFormation

    @Test
    void cloudFormationForDefaultsIsTheSeedsResource() {
        String yaml = DynamoDbTables.cloudFormation(TableOptions.defaults());
        List<String> lines = lines(yaml);
        assertTrue(lines.contains("    TableName: next-auth"));
        assertTrue(lines.contains("      - AttributeName: GSI1PK"));
        assertTrue(lines.contains("          - AttributeName: GSI1SK"));
        assertTrue(lines.contains("      - IndexName: GSI1"));
        assertTrue(lines.contains("          ProjectionType: ALL"));
        assertTrue(lines.contains("      AttributeName: expires"));
        assertTrue(lines.contains("    BillingMode: PAY_PER_REQUEST"));
        assertEquals(SEED_CLOUDFORMATION, yaml);
    }

    @Test
    void cloudFormationUsesCustomNamesOnly() {
        String yaml = DynamoDbTables.cloudFormation(CUSTOM);
        List<String> lines = lines(yaml);
        assertTrue(lines.contains("    TableName: custom-table-name"));
        assertTrue(lines.contains("      - AttributeName: custom-pk"));
        assertTrue(lines.contains("      - AttributeName: custom-sk"));
        assertTrue(lines.contains("      - IndexName: custom-index-name"));
        assertTrue(lines.contains("          - AttributeName: custom-index-pk"));
        assertTrue(lines.contains("          - AttributeName: custom-index-sk"));
        for (String name : List.of("next-auth", "pk", "sk", "GSI1", "GSI1PK", "GSI1SK")) {
            assertFalse(lines.stream().anyMatch(l -> l.endsWith(": " + name)), name + " in\n" + yaml);
        }
        // Same lines as the defaults apart from the six names.
        assertEquals(SEED_CLOUDFORMATION
                        .replace("next-auth", "custom-table-name")
                        .replace("GSI1PK", "custom-index-pk").replace("GSI1SK", "custom-index-sk")
                        .replace("GSI1", "custom-index-name")
                        .replace(": pk", ": custom-pk").replace(": sk", ": custom-sk"),
                yaml);
    }

    @Test
    void cloudFormationQuotesNamesYamlWouldMisread() {
        TableOptions odd = DynamoDbTablesTest.odd("123");
        String yaml = DynamoDbTables.cloudFormation(odd);
        List<String> lines = lines(yaml);
        assertTrue(lines.contains("    TableName: \"123\""), yaml);
        assertTrue(lines.contains("      - AttributeName: \"true\""), yaml);
        assertTrue(lines.contains("      - IndexName: \"2024-01-01\""), yaml);
        assertTrue(lines.contains("          - AttributeName: \"say \\\"hi\\\" \\\\o/\""), yaml);

        Map<String, Object> props = properties(yaml);
        assertEquals("123", props.get("TableName"));
        assertEquals(List.of("true", "a: b #c", "say \"hi\" \\o/", "- 12"),
                listOf(props.get("AttributeDefinitions")).stream().map(d -> d.get("AttributeName")).toList());
    }

    @Test
    void yamlScalarsReadBackAsTheSameString() {
        for (String s : List.of("plain", "next-auth", "a.b_c-d", "yes", "No", "ON", "off", "y", "N", "null", "Null",
                "~", "TRUE", "false", "1", "0x1F", "1e3", "1_000", "1:20", ".inf", "-.inf", ".NaN", "2001-12-14",
                "-", "- x", "? x", ": x", "a: b", "a #b", "#x", "&a", "*a", "!tag", "%x", "@x", "`x", "|", ">",
                "[a]", "{a}", "a,b", "'q'", "\"dq\"", "back\\slash", "new\nline", "tab\tx", "cr\rx", " lead",
                "trail ", "bell\u0007", "del\u007f", "nel\u0085", "ls\u2028", "ps\u2029", "bom\ufeff", "ünï",
                "emoji \uD83D\uDE00", "<<", "=")) {
            String yaml = "k: " + DynamoDbTables.yaml(s) + "\n";
            Map<String, Object> read = new Yaml().load(yaml);
            assertEquals(s, read.get("k"), () -> "as written: " + yaml);
        }
    }

    // ---- CDK

    @Test
    void cdkForDefaultsIsTheSeedsCode() {
        String ts = DynamoDbTables.cdk(TableOptions.defaults());
        List<String> lines = lines(ts);
        assertTrue(lines.contains("  tableName: \"next-auth\","));
        assertTrue(lines.contains("  partitionKey: { name: \"GSI1PK\", type: dynamodb.AttributeType.STRING },"));
        assertTrue(lines.contains("  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,"));
        assertTrue(lines.contains("  timeToLiveAttribute: \"expires\","));
        assertEquals(SEED_CDK, ts);
    }

    @Test
    void cdkUsesCustomNamesOnly() {
        String ts = DynamoDbTables.cdk(CUSTOM);
        assertEquals(SEED_CDK
                        .replace("\"next-auth\"", "\"custom-table-name\"")
                        .replace("\"pk\"", "\"custom-pk\"").replace("\"sk\"", "\"custom-sk\"")
                        .replace("\"GSI1\"", "\"custom-index-name\"")
                        .replace("\"GSI1PK\"", "\"custom-index-pk\"").replace("\"GSI1SK\"", "\"custom-index-sk\""),
                ts);
        for (String name : List.of("next-auth", "pk", "sk", "GSI1", "GSI1PK", "GSI1SK")) {
            assertFalse(ts.contains("\"" + name + "\""), name + " in\n" + ts);
        }
    }

    @Test
    void cdkEscapesStringLiterals() {
        String ts = DynamoDbTables.cdk(DynamoDbTablesTest.odd("odd-table"));
        assertTrue(ts.contains("partitionKey: { name: \"true\", type"), ts);
        assertTrue(ts.contains("sortKey: { name: \"a: b #c\", type"), ts);
        assertTrue(ts.contains("partitionKey: { name: \"say \\\"hi\\\" \\\\o/\", type"), ts);
        assertEquals("\"a\\nb\\u2028c\\u0000\"", DynamoDbTables.ts("a\nb\u2028c\u0000"));
    }

    // ---- schema checks on descriptions DynamoDB Local cannot produce

    private static final TableOptions O = TableOptions.defaults();
    private static final String T = "table \"next-auth\"";
    private static final TimeToLiveDescription TTL_ON = TimeToLiveDescription.builder()
            .timeToLiveStatus(TimeToLiveStatus.ENABLED).attributeName("expires").build();

    private static TableDescription.Builder good() {
        return TableDescription.builder()
                .tableName("next-auth")
                .tableStatus(TableStatus.ACTIVE)
                .attributeDefinitions(def("pk"), def("sk"), def("GSI1PK"), def("GSI1SK"))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(goodIndex().build());
    }

    private static GlobalSecondaryIndexDescription.Builder goodIndex() {
        return GlobalSecondaryIndexDescription.builder().indexName("GSI1").indexStatus(IndexStatus.ACTIVE)
                .keySchema(key("GSI1PK", KeyType.HASH), key("GSI1SK", KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.ALL));
    }

    @Test
    void aGoodDescriptionHasNoProblems() {
        assertEquals(List.of(), DynamoDbTables.problems(O, good().build(), TTL_ON));
        TimeToLiveDescription enabling = TTL_ON.toBuilder().timeToLiveStatus(TimeToLiveStatus.ENABLING).build();
        assertEquals(List.of(), DynamoDbTables.problems(O, good().build(), enabling));
    }

    @Test
    void reportsTablesAndIndexesThatAreNotActive() {
        TableDescription creating = good().tableStatus(TableStatus.CREATING)
                .globalSecondaryIndexes(goodIndex().indexStatus(IndexStatus.CREATING).build()).build();
        assertEquals(List.of(T + " is CREATING, expected ACTIVE", "index \"GSI1\" is CREATING, expected ACTIVE"),
                DynamoDbTables.problems(O, creating, TTL_ON));
    }

    @Test
    void reportsMissingSortKeysAndOtherProjections() {
        TableDescription table = good().keySchema(key("pk", KeyType.HASH))
                .globalSecondaryIndexes(goodIndex().keySchema(key("GSI1PK", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("email")).build())
                .build();
        assertEquals(List.of(
                T + " has no sort key (RANGE), expected \"sk\"",
                "index \"GSI1\" has no sort key (RANGE), expected \"GSI1SK\"",
                "index \"GSI1\" projects INCLUDE, expected ALL"),
                DynamoDbTables.problems(O, table, TTL_ON));
    }

    @Test
    void reportsTtlStates() {
        TableDescription table = good().build();
        assertEquals(List.of(T + " has TTL being disabled, expected enabled on \"expires\""),
                DynamoDbTables.problems(O, table, TTL_ON.toBuilder().timeToLiveStatus(TimeToLiveStatus.DISABLING).build()));
        assertEquals(List.of(T + " has TTL being enabled on \"ttl\", expected on \"expires\""),
                DynamoDbTables.problems(O, table, TimeToLiveDescription.builder()
                        .timeToLiveStatus(TimeToLiveStatus.ENABLING).attributeName("ttl").build()));
        assertEquals(List.of(T + " has TTL disabled, expected enabled on \"expires\""),
                DynamoDbTables.problems(O, table, null));
    }

    @Test
    void namesOtherIndexesWhenTheOneWantedIsMissing() {
        TableDescription table = good().globalSecondaryIndexes(goodIndex().indexName("byEmail").build(),
                goodIndex().indexName("GSI2").build()).build();
        assertEquals(List.of(T + " has no global secondary index \"GSI1\" (it has \"byEmail\", \"GSI2\")"),
                DynamoDbTables.problems(O, table, TTL_ON));
    }

    // ---- values

    @Test
    void createTableOptionsValidate() {
        assertEquals(BillingMode.PAY_PER_REQUEST, CreateTableOptions.onDemand().billingMode());
        assertEquals(new CreateTableOptions(BillingMode.PROVISIONED, 5, 6), CreateTableOptions.provisioned(5, 6));
        assertThrows(IllegalArgumentException.class, () -> CreateTableOptions.provisioned(0, 1));
        assertThrows(IllegalArgumentException.class, () -> CreateTableOptions.provisioned(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new CreateTableOptions(BillingMode.PAY_PER_REQUEST, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new CreateTableOptions(BillingMode.UNKNOWN_TO_SDK_VERSION, 0, 0));
        assertThrows(NullPointerException.class, () -> new CreateTableOptions(null, 0, 0));
    }

    @Test
    void schemaReportReadsWell() {
        SchemaReport ok = new SchemaReport("next-auth", List.of());
        assertTrue(ok.ok());
        assertEquals("table \"next-auth\" matches the adapter's schema", ok.toString());
        SchemaReport bad = new SchemaReport("next-auth", List.of("a", "b"));
        assertFalse(bad.ok());
        assertEquals("table \"next-auth\" does not match the adapter's schema (2 problems):\n - a\n - b", bad.toString());
        assertEquals(bad.toString(), assertThrows(AdapterException.class, bad::requireOk).getMessage());
        assertThrows(UnsupportedOperationException.class, () -> bad.problems().add("c"));
    }

    // ---- helpers

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n", -1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(String yaml) {
        Map<String, Object> root = new Yaml().load(yaml);
        return (Map<String, Object>) ((Map<String, Object>) root.get("NextAuthTable")).get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOf(Object o) {
        return (List<Map<String, Object>>) o;
    }

    private static AttributeDefinition def(String name) {
        return DynamoDbTablesTest.def(name, ScalarAttributeType.S);
    }
}
