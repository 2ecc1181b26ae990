package dev.dynauth.app;

import dev.dynauth.TableOptions;
import dev.dynauth.app.command.CommandContext;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Store;
import dev.dynauth.app.store.TableAdmin;
import dev.dynauth.local.DynamoDbLocal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

/**
 * Runs the real command line in-process against one DynamoDB Local (embedded, in memory) shared by
 * the tests of this JVM; every test uses its own table, so tests do not see each other's items.
 */
final class Cli {
    private static DynamoDbLocal local;
    private static DynamoDbClient client;

    static synchronized DynamoDbClient client() {
        if (client == null) {
            local = DynamoDbLocal.inMemory();
            client = local.client();
            Runtime.getRuntime().addShutdownHook(new Thread(local::close));
        }
        return client;
    }

    record Result(int code, String out, String err) {
        JsonNode json() {
            return DynamoJson.MAPPER.readTree(out);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    final String table = "t-" + UUID.randomUUID();
    boolean interactive;
    /** What standard input holds, for confirmations and '-'. */
    String stdin = "";
    Map<String, String> env = new HashMap<>();
    /** What the command's store talks through: the shared client, or a wrapper of it that injects a fault. */
    java.util.function.UnaryOperator<DynamoDbClient> through = c -> c;

    TableOptions options() {
        return TableOptions.builder().tableName(table).build();
    }

    /** Runs dynauth with the args, against this test's table on the shared DynamoDB Local. */
    Result run(String... args) {
        String[] full = Stream.concat(Arrays.stream(args), args.length > 0 && needsTable(args)
                ? Stream.of("--table", table) : Stream.empty()).toArray(String[]::new);
        return runRaw(full);
    }

    private static boolean needsTable(String[] args) {
        return !Arrays.asList(args).contains("--table") && !Arrays.asList(args).contains("--help")
                && !args[0].equals("help") && !args[0].equals("--version") && !args[0].equals("--help");
    }

    /** Runs dynauth with exactly these args. */
    Result runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Main main = new Main(CommandContext.of(env, interactive,
                (c, command, mayCreate) -> new Store(through.apply(client()), c.tableOptions(), "test DynamoDB Local", true,
                        false, null),
                new java.io.BufferedReader(new java.io.StringReader(stdin))));
        int code = main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs dynauth with exactly these args and its own connection handling (no shared client). */
    Result runReal(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Main main = new Main(CommandContext.of(env, interactive, null, new java.io.BufferedReader(new java.io.StringReader(stdin))));
        int code = main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    void createTable() {
        new TableAdmin(client(), options()).create();
    }

    /**
     * The table with TTL off: DynamoDB Local's own TTL deletes expired items that carry index keys (sessions)
     * within seconds, which would make tests that need expired sessions stored flaky.
     */
    void createTableWithoutTtl() {
        createTable();
        client().updateTimeToLive(r -> r.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName("expires").enabled(false)));
    }

    // Items as @auth/dynamodb-adapter writes them

    void put(Map<String, AttributeValue> item) {
        client().putItem(r -> r.tableName(table).item(item));
    }

    Map<String, AttributeValue> user(String id, String email, String name) {
        Map<String, AttributeValue> i = new LinkedHashMap<>();
        i.put("pk", s("USER#" + id));
        i.put("sk", s("USER#" + id));
        i.put("GSI1PK", s("USER#" + email));
        i.put("GSI1SK", s("USER#" + email));
        i.put("type", s("USER"));
        i.put("id", s(id));
        i.put("email", s(email));
        i.put("name", s(name));
        i.put("emailVerified", AttributeValue.fromNul(true));
        put(i);
        return i;
    }

    Map<String, AttributeValue> session(String userId, String token, double expiresEpochSeconds) {
        Map<String, AttributeValue> i = new LinkedHashMap<>();
        i.put("pk", s("USER#" + userId));
        i.put("sk", s("SESSION#" + token));
        i.put("GSI1PK", s("SESSION#" + token));
        i.put("GSI1SK", s("SESSION#" + token));
        i.put("type", s("SESSION"));
        i.put("sessionToken", s(token));
        i.put("userId", s(userId));
        i.put("expires", AttributeValue.fromN(Double.toString(expiresEpochSeconds)));
        put(i);
        return i;
    }

    Map<String, AttributeValue> account(String userId, String provider, String providerAccountId, String accessToken) {
        Map<String, AttributeValue> i = new LinkedHashMap<>();
        i.put("pk", s("USER#" + userId));
        i.put("sk", s("ACCOUNT#" + provider + "#" + providerAccountId));
        i.put("GSI1PK", s("ACCOUNT#" + provider));
        i.put("GSI1SK", s("ACCOUNT#" + providerAccountId));
        i.put("type", s("oauth"));
        i.put("id", s(UUID.randomUUID().toString()));
        i.put("userId", s(userId));
        i.put("provider", s(provider));
        i.put("providerAccountId", s(providerAccountId));
        i.put("access_token", s(accessToken));
        i.put("expires_at", AttributeValue.fromN("1798085986"));
        put(i);
        return i;
    }

    Map<String, AttributeValue> authenticator(String userId, String credentialId) {
        Map<String, AttributeValue> i = new LinkedHashMap<>();
        i.put("pk", s("USER#" + userId));
        i.put("sk", s("AUTHENTICATOR#" + credentialId));
        i.put("GSI1PK", s("AUTHENTICATOR#" + credentialId));
        i.put("GSI1SK", s("AUTHENTICATOR#" + credentialId));
        i.put("type", s("AUTHENTICATOR"));
        i.put("credentialID", s(credentialId));
        i.put("userId", s(userId));
        i.put("providerAccountId", s(credentialId));
        i.put("credentialPublicKey", s("cHVibGljLWtleQ=="));
        i.put("counter", AttributeValue.fromN("3"));
        i.put("credentialDeviceType", s("multiDevice"));
        i.put("credentialBackedUp", AttributeValue.fromBool(true));
        put(i);
        return i;
    }

    Map<String, AttributeValue> verificationToken(String identifier, String hashedToken, AttributeValue expires) {
        Map<String, AttributeValue> i = new LinkedHashMap<>();
        i.put("pk", s("VT#" + identifier));
        i.put("sk", s("VT#" + hashedToken));
        i.put("type", s("VT"));
        i.put("identifier", s(identifier));
        i.put("token", s(hashedToken));
        i.put("expires", expires);
        put(i);
        return i;
    }

    Map<String, AttributeValue> get(String pk, String sk) {
        Map<String, AttributeValue> item = client().getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(pk), "sk", s(sk)))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    long count() {
        return client().scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream().count();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue b(byte... bytes) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
    }
}
