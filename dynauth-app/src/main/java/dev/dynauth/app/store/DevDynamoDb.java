package dev.dynauth.app.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * The DynamoDB Local that apps on this machine share in development (a Next.js app and a Spring service on one
 * table): on loopback only, on a port that stays put, with keys generated once and kept in the data directory,
 * so the settings printed once still hold after a restart.
 */
public final class DevDynamoDb {
    /** DynamoDB Local's own default port, the one the AWS documentation and most tutorials use. */
    public static final int DEFAULT_PORT = 8000;
    public static final String CREDENTIALS_FILE = "dynamodb-credentials";
    static final String SECRET_FILE = "auth-secret";

    private DevDynamoDb() {}

    /**
     * Accepts only a loopback address: a development database answers any request signed with its access key id
     * (the secret key is never checked), so it must not be reachable from the network.
     */
    public static void requireLoopback(String host) {
        boolean loopback;
        try {
            loopback = host != null && !host.isBlank() && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback || !(host.equals("127.0.0.1") || host.equals("localhost"))) {
            throw new CliException("DynamoDB Local for development listens on 127.0.0.1 only, not on '" + host
                    + "' (nothing outside this machine may reach it)", 2);
        }
    }

    /** The access key id and secret key kept in the data directory, created on first use. */
    public static AwsBasicCredentials credentials(DataDir dir) {
        String kept = KeptSecrets.readOrCreate(dir.path.resolve(CREDENTIALS_FILE), 26);
        // one file, two values: the first 20 hex digits name the key, the rest is its secret
        return AwsBasicCredentials.create("DYNAUTHDEV" + kept.substring(0, 10).toUpperCase(java.util.Locale.ROOT),
                kept.substring(10));
    }

    /** The data directory's Auth.js secret, the one {@code serve} uses too: both apps need the same. */
    public static String authSecret(DataDir dir) {
        return KeptSecrets.readOrCreate(dir.path.resolve(SECRET_FILE), 32);
    }

    /** The environment both apps read, in the order the README shows it. */
    public static Map<String, String> environment(String endpoint, AwsBasicCredentials credentials, String table, String secret) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUTH_SECRET", secret);
        env.put("AUTH_DYNAMODB_TABLE", table);
        env.put("DYNAMODB_ENDPOINT", endpoint);
        env.put("NEXT_AUTH_AWS_REGION", "us-east-1");
        env.put("NEXT_AUTH_AWS_ACCESS_KEY", credentials.accessKeyId());
        env.put("NEXT_AUTH_AWS_SECRET_KEY", credentials.secretAccessKey());
        return env;
    }

    /** The settings as KEY=VALUE lines (a dotenv file, also a shell's), readable by the owner only. */
    public static void writeEnvFile(Path file, Map<String, String> env) {
        StringBuilder b = new StringBuilder("# written by 'dynauth local': the same at every start\n");
        env.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, "", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX
            }
            Files.writeString(file, b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** What to give each app, for a person to paste. */
    public static String settings(Map<String, String> env) {
        StringBuilder b = new StringBuilder();
        b.append("\nThe same for both apps (Next.js: .env.local; Spring: the environment):\n\n");
        env.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        b.append("""

                Next.js (auth.ts or auth.js):
                  DynamoDBDocument.from(new DynamoDB({
                    endpoint: process.env.DYNAMODB_ENDPOINT,
                    region: process.env.NEXT_AUTH_AWS_REGION,
                    credentials: { accessKeyId: process.env.NEXT_AUTH_AWS_ACCESS_KEY,
                                   secretAccessKey: process.env.NEXT_AUTH_AWS_SECRET_KEY },
                  }))
                  DynamoDBAdapter(client, { tableName: process.env.AUTH_DYNAMODB_TABLE })

                Spring (application.properties; the starter reads AUTH_SECRET and NEXT_AUTH_AWS_* by itself):
                  dynauth.dynamodb.endpoint=${DYNAMODB_ENDPOINT}
                  dynauth.table-name=${AUTH_DYNAMODB_TABLE}

                The endpoint and keys stay the same at every start. Stop with Ctrl+C.
                """);
        return b.toString();
    }
}
