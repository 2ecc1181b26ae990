package dev.dynauth.app.store;

import dev.dynauth.TableOptions;
import dev.dynauth.local.DynamoDbLocal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Where the table is: AWS DynamoDB when {@code --region}, {@code --endpoint} or the AWS /
 * {@code NEXT_AUTH_AWS_*} environment says so, otherwise DynamoDB Local embedded in this process
 * (persisted under {@code --data-dir}, or {@code --in-memory}). Shared by every command.
 */
public final class ConnectionOptions {

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region; selects AWS DynamoDB (env: AWS_REGION, NEXT_AUTH_AWS_REGION).")
    public String region;

    @Option(names = "--endpoint", paramLabel = "URL", description = "DynamoDB endpoint URL, e.g. http://127.0.0.1:8000 for a DynamoDB Local server.")
    public String endpoint;

    @Option(names = "--table", paramLabel = "NAME", description = "Table name (default: ${DEFAULT-VALUE}).", defaultValue = "next-auth")
    String table;

    @Option(names = "--partition-key", paramLabel = "NAME", description = "Partition key attribute (default: ${DEFAULT-VALUE}).", defaultValue = "pk")
    String partitionKey;

    @Option(names = "--sort-key", paramLabel = "NAME", description = "Sort key attribute (default: ${DEFAULT-VALUE}).", defaultValue = "sk")
    String sortKey;

    @Option(names = "--index", paramLabel = "NAME", description = "Global secondary index name (default: ${DEFAULT-VALUE}).", defaultValue = "GSI1")
    String indexName;

    @Option(names = "--index-partition-key", paramLabel = "NAME", description = "Index partition key attribute (default: ${DEFAULT-VALUE}).", defaultValue = "GSI1PK")
    String indexPartitionKey;

    @Option(names = "--index-sort-key", paramLabel = "NAME", description = "Index sort key attribute (default: ${DEFAULT-VALUE}).", defaultValue = "GSI1SK")
    String indexSortKey;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where embedded DynamoDB Local keeps its data "
            + "(default: $DYNAUTH_DATA_DIR, else ./.dynauth/data).")
    public Path dataDir;

    @Option(names = "--in-memory", description = "Embedded DynamoDB Local in memory: nothing is kept after the command ends.")
    public boolean inMemory;

    /** Set by {@code serve}: its request threads, which size the HTTP connection pool to DynamoDB; 0 for commands. */
    public int serverThreads;

    public TableOptions tableOptions() {
        try {
            return new TableOptions(table, partitionKey, sortKey, indexName, indexPartitionKey, indexSortKey);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }

    /**
     * Whether the options and environment select AWS (or an explicit endpoint) rather than the embedded default.
     * {@code ./dynauth} reads the same rule (its {@code serve_endpoint}) to pick serve's start-up cache: keep both in step.
     */
    public boolean remote(Map<String, String> env) {
        return region != null || endpoint != null
                || has(env, "AWS_REGION") || has(env, "AWS_DEFAULT_REGION") || has(env, "AWS_ACCESS_KEY_ID")
                || has(env, "NEXT_AUTH_AWS_REGION") || has(env, "NEXT_AUTH_AWS_ACCESS_KEY")
                || has(env, "NEXT_AUTH_AWS_SECRET_KEY");
    }

    /** The embedded data directory these options name (whether or not they select it). */
    public DataDir dataDir(Map<String, String> env) {
        return DataDir.resolve(dataDir, env);
    }

    /**
     * Opens the table for an admin command. Embedded: through the {@code serve} that owns the data
     * directory when there is one, else by opening the directory and owning it until the store is closed.
     *
     * @param command the command's name, written into the lock file ("users list")
     * @param mayCreate whether the command may create a database where there is none (only {@code table create})
     */
    public Store open(Map<String, String> env, String command, boolean mayCreate) {
        TableOptions options = tableOptions();
        if (inMemory && (region != null || endpoint != null)) {
            throw new CliException("--in-memory cannot be combined with --region or --endpoint", 2);
        }
        if (!inMemory && remote(env)) {
            return openRemote(env, options);
        }
        if (inMemory) {
            DynamoDbLocal local = DynamoDbLocal.inMemory();
            return new Store(local.client(), options, "embedded DynamoDB Local in memory", true, true, local);
        }
        return DataDirAccess.open(dataDir(env), options, command, mayCreate);
    }

    /** Longest a DynamoDB call may take, retries included (serve: request paths never hang); null: the SDK's. */
    public java.time.Duration callTimeout;

    private Store openRemote(Map<String, String> env, TableOptions options) {
        DynamoDbClientBuilder b = DynamoDbClient.builder();
        java.time.Duration attempt = callTimeout == null ? null : callTimeout.dividedBy(3);
        if (callTimeout != null) {
            // serve: request paths never wait through the SDK's retries for minutes on an unreachable DynamoDB
            b.overrideConfiguration(o -> o.apiCallTimeout(callTimeout).apiCallAttemptTimeout(attempt));
        }
        if (serverThreads > 0) {
            // a server: a kept-alive connection per request thread (the URL-connection client churns under load)
            software.amazon.awssdk.http.apache.ApacheHttpClient.Builder http = dev.dynauth.spring.dynamodb.DynauthHttpClient.pooled(serverThreads);
            if (attempt != null) {
                http.connectionTimeout(attempt);
            }
            b.httpClientBuilder(http);
        } else if (attempt != null) {
            b.httpClient(UrlConnectionHttpClient.builder().connectionTimeout(attempt).socketTimeout(attempt).build());
        } else {
            // a one-shot command: the client that starts fastest
            b.httpClient(UrlConnectionHttpClient.create());
        }
        String r = firstOf(region, env.get("NEXT_AUTH_AWS_REGION"), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        boolean loopback = false;
        if (endpoint != null) {
            URI uri;
            try {
                uri = new URI(endpoint);
            } catch (URISyntaxException e) {
                throw new CliException("--endpoint is not a URL: " + endpoint, 2);
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new CliException("--endpoint must be a URL like http://127.0.0.1:8000, not: " + endpoint, 2);
            }
            b.endpointOverride(uri);
            loopback = loopback(uri);
        }
        if (r == null) {
            if (endpoint == null) {
                throw new CliException("no AWS region: give --region or set AWS_REGION", 2);
            }
            r = "us-east-1";
        }
        b.region(Region.of(r));
        b.credentialsProvider(credentials(env, loopback));
        String description = endpoint != null ? "DynamoDB at " + endpoint : "AWS DynamoDB in " + r;
        DynamoDbClient client = b.build();
        return new Store(client, options, description, loopback, false, client::close);
    }

    /** Whether {@code --endpoint} names this machine (a DynamoDB Local); false without one or for a malformed one. */
    public boolean loopbackEndpoint() {
        if (endpoint == null) return false;
        try {
            URI uri = new URI(endpoint);
            return uri.getHost() != null && loopback(uri);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean loopback(URI uri) {
        String host = uri.getHost();
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env, boolean loopback) {
        String key = env.get("NEXT_AUTH_AWS_ACCESS_KEY");
        String secret = env.get("NEXT_AUTH_AWS_SECRET_KEY");
        if (key != null && !key.isEmpty() && secret != null && !secret.isEmpty()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
        }
        if (loopback && !has(env, "AWS_ACCESS_KEY_ID") && !has(env, "AWS_PROFILE")) {
            // DynamoDB Local accepts any credentials; spare the user from inventing some.
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static boolean has(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }
}
