package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class TableCommandTest {
    final Cli cli = new Cli();

    @Test
    void tableCreateRepairsAHalfMadeTableAndNamesWhatItCannot() {
        // a first start killed between CreateTable and UpdateTimeToLive left TTL off
        cli.createTableWithoutTtl();
        assertEquals(1, cli.run("table", "verify").code(), "half-made before");
        Cli.Result repaired = cli.run("table", "create");
        assertEquals(0, repaired.code(), repaired::toString);
        assertTrue(repaired.out().contains("was half-made; repaired:\n  - enabled TTL on \"expires\""), repaired::toString);
        assertTrue(repaired.out().contains("now matches the options"), repaired::toString);
        assertEquals(0, cli.run("table", "verify").code(), "whole after");

        // the wrong sort key cannot be repaired: named, exit 1
        Cli.Result wrongKeys = cli.run("table", "create", "--sort-key", "other", "--json");
        assertEquals(1, wrongKeys.code(), wrongKeys::toString);
        assertFalse(wrongKeys.json().path("created").asBoolean());
        assertTrue(wrongKeys.json().path("problems").toString().contains("sort key (RANGE) is \\\"sk\\\""), wrongKeys::toString);
    }

    @Test
    void createThenVerify() {
        Cli.Result created = cli.run("table", "create");
        assertEquals(0, created.code(), created::toString);
        assertTrue(created.out().contains("created table '" + cli.table + "'"), created::toString);

        Cli.Result verified = cli.run("table", "verify");
        assertEquals(0, verified.code(), verified::toString);
        assertTrue(verified.out().contains("matches"), verified::toString);

        Cli.Result again = cli.run("table", "create", "--json");
        assertEquals(0, again.code(), again::toString);
        assertFalse(again.json().get("created").booleanValue());
        assertTrue(again.json().get("ok").booleanValue());
    }

    @Test
    void verifyOfAMissingTableFailsWithExitCode1() {
        Cli.Result r = cli.run("table", "verify");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("does not exist"), r::toString);
        Cli.Result j = cli.run("table", "verify", "--json");
        assertEquals(1, j.code());
        assertFalse(j.json().get("ok").booleanValue());
    }

    @Test
    void verifyReportsAWrongSchemaInPlainWords() {
        // the sort key is called "range" and the index projects keys only
        Cli.client().createTable(r -> r.tableName(cli.table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("range").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("GSI1PK").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("GSI1SK").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("range").keyType(KeyType.RANGE))
                .globalSecondaryIndexes(g -> g.indexName("GSI1")
                        .keySchema(k -> k.attributeName("GSI1PK").keyType(KeyType.HASH),
                                k -> k.attributeName("GSI1SK").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));

        Cli.Result r = cli.run("table", "verify");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("sort key (RANGE) is \"range\", expected \"sk\""), r::toString);
        assertTrue(r.out().contains("KEYS_ONLY"), r::toString);

        Cli.Result other = cli.run("table", "verify", "--sort-key", "range", "--index", "Other", "--json");
        assertEquals(1, other.code(), other::toString);
        assertTrue(other.json().get("problems").toString().contains("Other"), other::toString);

        Cli.Result create = cli.run("table", "create");
        assertEquals(1, create.code(), "create on a mismatched table reports it: " + create);
    }

    @Test
    void cloudFormationAndCdkFollowTheOptions() {
        Cli.Result yaml = cli.runRaw("table", "cloudformation", "--table", "my-auth", "--partition-key", "PK");
        assertEquals(0, yaml.code(), yaml::toString);
        assertTrue(yaml.out().contains("TableName: my-auth"), yaml::toString);
        assertTrue(yaml.out().contains("AttributeName: PK"), yaml::toString);
        assertTrue(yaml.out().contains("ProjectionType: ALL"), yaml::toString);
        assertTrue(yaml.out().contains("AttributeName: expires"), yaml::toString);

        Cli.Result json = cli.runRaw("table", "cloudformation", "--json", "--index", "ByKey");
        assertEquals(0, json.code(), json::toString);
        var props = json.json().get("Resources").get("NextAuthTable").get("Properties");
        assertEquals("next-auth", props.get("TableName").stringValue());
        assertEquals("ByKey", props.get("GlobalSecondaryIndexes").get(0).get("IndexName").stringValue());

        Cli.Result cdk = cli.runRaw("table", "cdk", "--index-sort-key", "SK2");
        assertEquals(0, cdk.code(), cdk::toString);
        assertTrue(cdk.out().contains("sortKey: { name: \"SK2\""), cdk::toString);
        assertTrue(cdk.out().contains("timeToLiveAttribute: \"expires\""), cdk::toString);
        Cli.Result cdkJson = cli.runRaw("table", "cdk", "--json");
        assertEquals("typescript", cdkJson.json().get("language").stringValue());
    }

    @Test
    void badTableOptionsAreOneLineUsageErrors() {
        Cli.Result r = cli.runRaw("table", "verify", "--table", "ab");
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().startsWith("dynauth: table name must be 3 to 255"), r::toString);

        Cli.Result same = cli.runRaw("table", "cdk", "--sort-key", "pk");
        assertEquals(2, same.code(), same::toString);
        assertTrue(same.err().contains("must differ"), same::toString);

        Cli.Result unknown = cli.runRaw("table", "verify", "--no-such-option");
        assertEquals(2, unknown.code(), unknown::toString);
        assertEquals(1, unknown.err().strip().lines().count(), unknown::toString);
        assertTrue(unknown.err().contains("unknown option '--no-such-option'"), unknown::toString);

        Cli.Result missingSub = cli.runRaw("table");
        assertEquals(2, missingSub.code(), missingSub::toString);
        assertTrue(missingSub.err().contains("Missing required subcommand"), missingSub::toString);
    }

    @Test
    void theEmbeddedDefaultKeepsTheTableInTheDataDirectory(@TempDir Path dir) {
        Path data = dir.resolve("data");
        Cli.Result created = cli.runReal("table", "create", "--data-dir", data.toString());
        assertEquals(0, created.code(), created::toString);
        assertTrue(created.out().contains("embedded DynamoDB Local in " + data), created::toString);

        Cli.Result verified = cli.runReal("table", "verify", "--data-dir", data.toString());
        assertEquals(0, verified.code(), "a second process finds the table: " + verified);

        Cli.Result inMemory = cli.runReal("table", "verify", "--in-memory");
        assertEquals(1, inMemory.code(), "an in-memory store starts empty: " + inMemory);
    }

    @Test
    void awsSettingsInTheEnvironmentSelectAws() {
        cli.env.put("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE");
        Cli.Result r = cli.runReal("table", "verify");
        assertEquals(2, r.code(), r::toString);
        assertEquals("dynauth: no AWS region: give --region or set AWS_REGION", r.err().strip());

        Cli.Result both = cli.runReal("table", "verify", "--in-memory", "--region", "eu-west-1");
        assertEquals(2, both.code(), both::toString);
    }

    @Test
    void anUnreachableEndpointIsOneLineWithoutStackTraceUnlessVerbose() {
        Cli.Result r = cli.runReal("table", "verify", "--endpoint", "http://127.0.0.1:9");
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().startsWith("dynauth: cannot use DynamoDB"), r::toString);

        Cli.Result v = cli.runReal("table", "verify", "--endpoint", "http://127.0.0.1:9", "--verbose");
        assertEquals(1, v.code(), v::toString);
        assertTrue(v.err().contains("\tat "), "--verbose prints the stack trace: " + v);
    }
}
