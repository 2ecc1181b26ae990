package dev.dynauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The adapter's table: create it, check an existing one, or print it as infrastructure code.
 *
 * <p>The schema is the one of the npm adapter's docs: string partition and sort keys, a global
 * secondary index with string keys projecting ALL attributes, and DynamoDB TTL on
 * {@value TableOptions#EXPIRES_ATTRIBUTE}. All names come from {@link TableOptions}.
 *
 * <pre>{@code
 * DynamoDbTables.createIfMissing(client, TableOptions.defaults());
 * DynamoDbTables.verify(client, TableOptions.defaults()).requireOk();
 * }</pre>
 */
public final class DynamoDbTables {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbTables.class);

    /** The logical resource name of the seed's templates. */
    private static final String RESOURCE_NAME = "NextAuthTable";

    private DynamoDbTables() {}

    /**
     * Creates the table on demand ({@code PAY_PER_REQUEST}) unless it exists.
     *
     * @see #createIfMissing(DynamoDbClient, TableOptions, CreateTableOptions)
     */
    public static boolean createIfMissing(DynamoDbClient client, TableOptions options) {
        return createIfMissing(client, options, CreateTableOptions.onDemand());
    }

    /**
     * Creates the table unless it exists, waits until it and its index are ACTIVE, then enables TTL on
     * {@value TableOptions#EXPIRES_ATTRIBUTE}.
     *
     * <p>A table that exists is completed with {@link #complete}: a first start interrupted between
     * CreateTable and UpdateTimeToLive (or while the index was still being built) is finished instead of
     * failing every later start. Anything else that differs from the options is left as it is: use
     * {@link #verify} to check it.
     *
     * @return true if this call created the table, false if it already existed
     * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB refuses a request or the
     *         table does not become ACTIVE within the SDK waiter's limits
     */
    public static boolean createIfMissing(DynamoDbClient client, TableOptions options, CreateTableOptions create) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(create, "create");
        String name = options.tableName();
        // Looking first lets an application whose role may describe but not create tables call this at startup.
        if (exists(client, name)) {
            List<String> done = complete(client, options);
            LOG.debug("Table {} exists{}", name, done.isEmpty() ? "; leaving it as it is" : ": " + done);
            return false;
        }
        try {
            client.createTable(createTableRequest(options, create));
        } catch (ResourceInUseException e) {
            // Someone else created it between our look and our request; they may be interrupted, so finish it.
            LOG.debug("Table {} was created concurrently", name);
            complete(client, options);
            return false;
        }
        awaitActive(client, options);
        enableTimeToLive(client, name);
        LOG.info("Created table {} ({}) with TTL on {}", name, create.billingMode(), TableOptions.EXPIRES_ATTRIBUTE);
        return true;
    }

    /**
     * Finishes a table that a create left half-made: waits while the table or its index is being
     * created or updated, and enables TTL on {@value TableOptions#EXPIRES_ATTRIBUTE} when TTL is
     * disabled (not when it is on another attribute or being disabled: that is someone's choice, and
     * {@link #verify} reports it). Keys, index and projection are never changed.
     *
     * @return what was done, in words (empty when the table needed nothing); nothing when it does not exist
     */
    public static List<String> complete(DynamoDbClient client, TableOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        String name = options.tableName();
        List<String> done = new ArrayList<>();
        TableDescription table;
        try {
            table = client.describeTable(r -> r.tableName(name)).table();
        } catch (ResourceNotFoundException e) {
            return done;
        }
        if (!allActive(table, options)) {
            awaitActive(client, options);
            done.add("waited for table " + quoted(name) + " and index " + quoted(options.indexName())
                    + " to become ACTIVE");
        }
        TimeToLiveDescription ttl = client.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
        TimeToLiveStatus status = ttl == null ? null : ttl.timeToLiveStatus();
        if (status == null || status == TimeToLiveStatus.DISABLED) {
            enableTimeToLive(client, name);
            LOG.info("Enabled TTL on {} of table {}, which an interrupted create had left without it",
                    TableOptions.EXPIRES_ATTRIBUTE, name);
            done.add("enabled TTL on " + quoted(TableOptions.EXPIRES_ATTRIBUTE));
        }
        return done;
    }

    /** How long {@link #awaitActive} waits for an index that is still being built (AWS backfills can be slow). */
    private static final java.time.Duration INDEX_WAIT = java.time.Duration.ofMinutes(30);

    /** Waits until the table and the adapter's index are ACTIVE. */
    private static void awaitActive(DynamoDbClient client, TableOptions options) {
        String name = options.tableName();
        // Built rather than client.waiter(): proxies such as DynamoDB Local's embedded client only
        // implement the operations, and closing this waiter leaves the caller's client open.
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).build()) {
            WaiterResponse<DescribeTableResponse> active = waiter.waitUntilTableExists(r -> r.tableName(name));
            Optional<Throwable> failure = active.matched().exception();
            if (failure.isPresent()) {
                throw new AdapterException("table " + quoted(name) + " did not become ACTIVE", failure.get());
            }
        }
        // The table waiter looks at the table only; an index is built (CREATING) after the table is ACTIVE.
        long deadline = System.nanoTime() + INDEX_WAIT.toNanos();
        long pause = 200;
        while (!allActive(client.describeTable(r -> r.tableName(name)).table(), options)) {
            if (System.nanoTime() > deadline) {
                throw new AdapterException("index " + quoted(options.indexName()) + " of table " + quoted(name)
                        + " did not become ACTIVE within " + INDEX_WAIT.toMinutes() + " minutes");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdapterException("interrupted while waiting for table " + quoted(name), e);
            }
            pause = Math.min(pause * 2, 5_000);
        }
    }

    /** The table is ACTIVE and the adapter's index, if it has one, too (a missing index is verify's business). */
    private static boolean allActive(TableDescription table, TableOptions options) {
        if (table.tableStatus() != TableStatus.ACTIVE) {
            return false;
        }
        return table.globalSecondaryIndexes().stream()
                .filter(i -> options.indexName().equals(i.indexName()))
                .allMatch(i -> i.indexStatus() == null || i.indexStatus() == IndexStatus.ACTIVE);
    }

    private static void enableTimeToLive(DynamoDbClient client, String name) {
        // TTL can only be set on an existing table, and CreateTable has no option for it.
        client.updateTimeToLive(r -> r.tableName(name)
                .timeToLiveSpecification(t -> t.attributeName(TableOptions.EXPIRES_ATTRIBUTE).enabled(true)));
    }

    /**
     * Checks an existing table against the schema the adapter needs and reports every difference:
     * a missing table; a missing index; key attribute names or types of the table or the index; an
     * index projection other than ALL; TTL disabled or on another attribute; a table or index that is
     * not ACTIVE. The billing mode is not checked: any works.
     *
     * <p>Needs {@code dynamodb:DescribeTable} and {@code dynamodb:DescribeTimeToLive}; a missing
     * table is a problem in the report, not an exception.
     */
    public static SchemaReport verify(DynamoDbClient client, TableOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        String name = options.tableName();
        try {
            TableDescription table = client.describeTable(r -> r.tableName(name)).table();
            TimeToLiveDescription ttl = client.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
            return new SchemaReport(name, problems(options, table, ttl));
        } catch (ResourceNotFoundException e) {
            return new SchemaReport(name, List.of("table " + quoted(name) + " does not exist"));
        }
    }

    /**
     * The table as an AWS CloudFormation YAML resource named {@code NextAuthTable}, in the shape of
     * the npm adapter's docs, billed on demand. Names that YAML could read as something other than a
     * plain string are double-quoted.
     */
    public static String cloudFormation(TableOptions options) {
        Objects.requireNonNull(options, "options");
        StringBuilder y = new StringBuilder();
        y.append(RESOURCE_NAME).append(":\n");
        y.append("  Type: \"AWS::DynamoDB::Table\"\n");
        y.append("  Properties:\n");
        y.append("    TableName: ").append(yaml(options.tableName())).append('\n');
        // The seed leaves the billing mode out, but then CloudFormation demands ProvisionedThroughput
        // for the table and the index, so the seed's resource cannot be deployed as it is.
        y.append("    BillingMode: PAY_PER_REQUEST\n");
        y.append("    AttributeDefinitions:\n");
        for (String key : List.of(options.partitionKey(), options.sortKey(),
                options.indexPartitionKey(), options.indexSortKey())) {
            y.append("      - AttributeName: ").append(yaml(key)).append('\n');
            y.append("        AttributeType: S\n");
        }
        y.append("    KeySchema:\n");
        yamlKeySchema(y, "      ", options.partitionKey(), options.sortKey());
        y.append("    GlobalSecondaryIndexes:\n");
        y.append("      - IndexName: ").append(yaml(options.indexName())).append('\n');
        y.append("        Projection:\n");
        y.append("          ProjectionType: ALL\n");
        y.append("        KeySchema:\n");
        yamlKeySchema(y, "          ", options.indexPartitionKey(), options.indexSortKey());
        y.append("    TimeToLiveSpecification:\n");
        y.append("      AttributeName: ").append(yaml(TableOptions.EXPIRES_ATTRIBUTE)).append('\n');
        y.append("      Enabled: true\n");
        return y.toString();
    }

    /**
     * The table as TypeScript AWS CDK code in the shape of the npm adapter's docs, billed on demand.
     * It expects {@code dynamodb} to be {@code aws-cdk-lib/aws-dynamodb} and {@code this} a construct.
     */
    public static String cdk(TableOptions options) {
        Objects.requireNonNull(options, "options");
        return "new dynamodb.Table(this, " + ts(RESOURCE_NAME) + ", {\n"
                + "  tableName: " + ts(options.tableName()) + ",\n"
                + "  partitionKey: { name: " + ts(options.partitionKey()) + ", type: dynamodb.AttributeType.STRING },\n"
                + "  sortKey: { name: " + ts(options.sortKey()) + ", type: dynamodb.AttributeType.STRING },\n"
                + "  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,\n"
                + "  timeToLiveAttribute: " + ts(TableOptions.EXPIRES_ATTRIBUTE) + ",\n"
                + "}).addGlobalSecondaryIndex({\n"
                + "  indexName: " + ts(options.indexName()) + ",\n"
                + "  partitionKey: { name: " + ts(options.indexPartitionKey()) + ", type: dynamodb.AttributeType.STRING },\n"
                + "  sortKey: { name: " + ts(options.indexSortKey()) + ", type: dynamodb.AttributeType.STRING },\n"
                + "});\n";
    }

    // ---- creation

    private static boolean exists(DynamoDbClient client, String name) {
        try {
            client.describeTable(r -> r.tableName(name));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    static CreateTableRequest createTableRequest(TableOptions o, CreateTableOptions create) {
        boolean provisioned = create.billingMode() == BillingMode.PROVISIONED;
        ProvisionedThroughput throughput = provisioned
                ? ProvisionedThroughput.builder()
                        .readCapacityUnits(create.readCapacityUnits())
                        .writeCapacityUnits(create.writeCapacityUnits())
                        .build()
                : null;
        GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder()
                .indexName(o.indexName())
                .keySchema(key(o.indexPartitionKey(), KeyType.HASH), key(o.indexSortKey(), KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build());
        if (provisioned) {
            index.provisionedThroughput(throughput);
        }
        CreateTableRequest.Builder table = CreateTableRequest.builder()
                .tableName(o.tableName())
                .attributeDefinitions(string(o.partitionKey()), string(o.sortKey()),
                        string(o.indexPartitionKey()), string(o.indexSortKey()))
                .keySchema(key(o.partitionKey(), KeyType.HASH), key(o.sortKey(), KeyType.RANGE))
                .globalSecondaryIndexes(index.build())
                .billingMode(create.billingMode());
        if (provisioned) {
            table.provisionedThroughput(throughput);
        }
        return table.build();
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    // ---- verification

    /** Every mismatch between a described table and the options, in a stable order. */
    static List<String> problems(TableOptions o, TableDescription table, TimeToLiveDescription ttl) {
        List<String> problems = new ArrayList<>();
        String tableSubject = "table " + quoted(o.tableName());
        if (table.tableStatus() != TableStatus.ACTIVE) {
            problems.add(tableSubject + " is " + table.tableStatusAsString() + ", expected ACTIVE");
        }
        Map<String, String> types = table.attributeDefinitions().stream().collect(Collectors.toMap(
                AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString, (a, b) -> a));
        checkKeys(tableSubject, table.keySchema(), types, o.partitionKey(), o.sortKey(), problems);
        checkIndex(o, table, types, problems);
        checkTimeToLive(tableSubject, ttl, problems);
        return problems;
    }

    private static void checkIndex(TableOptions o, TableDescription table, Map<String, String> types,
                                   List<String> problems) {
        String indexSubject = "index " + quoted(o.indexName());
        GlobalSecondaryIndexDescription index = table.globalSecondaryIndexes().stream()
                .filter(i -> o.indexName().equals(i.indexName()))
                .findFirst().orElse(null);
        if (index == null) {
            boolean local = table.localSecondaryIndexes().stream()
                    .map(LocalSecondaryIndexDescription::indexName)
                    .anyMatch(o.indexName()::equals);
            if (local) {
                problems.add(indexSubject + " is a local secondary index, expected a global secondary index");
                return;
            }
            String others = table.globalSecondaryIndexes().stream()
                    .map(i -> quoted(i.indexName())).collect(Collectors.joining(", "));
            problems.add("table " + quoted(o.tableName()) + " has no global secondary index " + quoted(o.indexName())
                    + (others.isEmpty() ? "" : " (it has " + others + ")"));
            return;
        }
        if (index.indexStatus() != null && index.indexStatus() != IndexStatus.ACTIVE) {
            problems.add(indexSubject + " is " + index.indexStatusAsString() + ", expected ACTIVE");
        }
        checkKeys(indexSubject, index.keySchema(), types, o.indexPartitionKey(), o.indexSortKey(), problems);
        String projection = index.projection() == null ? null : index.projection().projectionTypeAsString();
        if (!ProjectionType.ALL.toString().equals(projection)) {
            // Lookups by email, account and session token read whole items through the index.
            problems.add(indexSubject + " projects " + (projection == null ? "nothing" : projection)
                    + ", expected ALL");
        }
    }

    private static void checkKeys(String subject, List<KeySchemaElement> keys, Map<String, String> types,
                                  String hash, String range, List<String> problems) {
        checkKey(subject, keys, types, KeyType.HASH, "partition key", hash, problems);
        checkKey(subject, keys, types, KeyType.RANGE, "sort key", range, problems);
    }

    private static void checkKey(String subject, List<KeySchemaElement> keys, Map<String, String> types,
                                 KeyType keyType, String role, String expected, List<String> problems) {
        String actual = keys.stream().filter(k -> k.keyType() == keyType)
                .map(KeySchemaElement::attributeName).findFirst().orElse(null);
        if (actual == null) {
            problems.add(subject + " has no " + role + " (" + keyType + "), expected " + quoted(expected));
            return;
        }
        if (!actual.equals(expected)) {
            problems.add(subject + " " + role + " (" + keyType + ") is " + quoted(actual)
                    + ", expected " + quoted(expected));
        }
        // Every key the adapter writes is a string like USER#<id>; a number or binary key rejects them all.
        String type = types.get(actual);
        if (!ScalarAttributeType.S.toString().equals(type)) {
            problems.add(subject + " " + role + " " + quoted(actual) + " has type "
                    + (type == null ? "unknown" : type) + ", expected S (string)");
        }
    }

    private static void checkTimeToLive(String tableSubject, TimeToLiveDescription ttl, List<String> problems) {
        String expected = TableOptions.EXPIRES_ATTRIBUTE;
        TimeToLiveStatus status = ttl == null ? null : ttl.timeToLiveStatus();
        String attribute = ttl == null ? null : ttl.attributeName();
        if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
            // ENABLING on the right attribute is fine: the setting is made, AWS just takes a while to apply it.
            if (!expected.equals(attribute)) {
                problems.add(tableSubject + " has TTL " + (status == TimeToLiveStatus.ENABLING ? "being enabled" : "enabled")
                        + " on " + quoted(attribute) + ", expected on " + quoted(expected));
            }
        } else if (status == TimeToLiveStatus.DISABLING) {
            problems.add(tableSubject + " has TTL being disabled, expected enabled on " + quoted(expected));
        } else {
            problems.add(tableSubject + " has TTL disabled, expected enabled on " + quoted(expected));
        }
    }

    // ---- text output

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    private static void yamlKeySchema(StringBuilder y, String indent, String hash, String range) {
        y.append(indent).append("- AttributeName: ").append(yaml(hash)).append('\n');
        y.append(indent).append("  KeyType: HASH\n");
        y.append(indent).append("- AttributeName: ").append(yaml(range)).append('\n');
        y.append(indent).append("  KeyType: RANGE\n");
    }

    /** Starting with a letter or '_' rules out numbers, dates, indicators and YAML 1.1 sexagesimals. */
    private static final Pattern YAML_PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** Words YAML 1.1 or 1.2 read as booleans or null; case-insensitive. */
    private static final Set<String> YAML_WORDS = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");

    /** A YAML scalar that reads back as exactly {@code s}: plain when unambiguous, else double-quoted. */
    static String yaml(String s) {
        if (YAML_PLAIN.matcher(s).matches() && !YAML_WORDS.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        return doubleQuoted(s);
    }

    /** A TypeScript string literal. */
    static String ts(String s) {
        return doubleQuoted(s);
    }

    // The escapes below mean the same in YAML double-quoted scalars and in JavaScript strings.
    private static String doubleQuoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    // Controls, and the characters YAML 1.1 or older JavaScript treat as line breaks or BOM.
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
