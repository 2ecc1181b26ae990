package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.app.store.DataDirAccess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code dynauth local}, the one DynamoDB Local a Next.js app and a Spring service share in development: the
 * settings it prints reach the table, and hold unchanged after a restart (the same port and keys, the data
 * kept); the embedded store keeps one owner; a non-loopback address is refused.
 */
class LocalDynamoDbIT {
    private static final Pattern SETTING = Pattern.compile("^([A-Z_]+)=(\\S+)$");

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code local} and returns the settings it printed, once it printed its last one. */
    private static Map<String, String> settings(ServeJarIT.Running local) throws Exception {
        local.await(Pattern.compile("^NEXT_AUTH_AWS_SECRET_KEY="), Duration.ofSeconds(120));
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : local.output().lines().toList()) {
            Matcher m = SETTING.matcher(line);
            if (m.matches()) env.put(m.group(1), m.group(2));
        }
        return env;
    }

    private static DynamoDbClient client(Map<String, String> env) {
        return DataDirAccess.loopbackClient(URI.create(env.get("DYNAMODB_ENDPOINT")),
                AwsBasicCredentials.create(env.get("NEXT_AUTH_AWS_ACCESS_KEY"), env.get("NEXT_AUTH_AWS_SECRET_KEY")));
    }

    @Test
    void thePrintedSettingsReachTheTableAndHoldAfterARestart() throws Exception {
        String port = Integer.toString(freePort());
        Map<String, String> first;
        try (ServeJarIT.Running local = new ServeJarIT.Running(dir, "local", "--data-dir", "data", "--port", port)) {
            first = settings(local);
            assertEquals("http://127.0.0.1:" + port, first.get("DYNAMODB_ENDPOINT"), local.output());
            assertEquals("next-auth", first.get("AUTH_DYNAMODB_TABLE"));
            assertEquals("us-east-1", first.get("NEXT_AUTH_AWS_REGION"));
            assertEquals(64, first.get("AUTH_SECRET").length(), local.output());
            try (DynamoDbClient client = client(first)) {
                DynamoDbAdapter.builder().client(client).build()
                        .createUser(AdapterUser.builder().id("u1").email("ada@example.com").build());
            }

            // one owner: a serve on the same data directory is refused, naming this command
            ServeJarIT.Running.Result serve = run("serve", "--port", "0");
            assertEquals(1, serve.code(), serve.output());
            assertTrue(serve.output().contains("is in use by dynauth local, pid " + local.process.pid()), serve.output());
            // admin commands go through it
            ServeJarIT.Running.Result users = run("users", "list", "--json");
            assertEquals(0, users.code(), users.output());
            assertTrue(users.output().contains("ada@example.com"), users.output());

            local.process.destroy();
            assertTrue(local.awaitExit(Duration.ofSeconds(60)), local.output());
        }
        try (ServeJarIT.Running again = new ServeJarIT.Running(dir, "local", "--data-dir", "data", "--port", port)) {
            // what the apps were given still works: same endpoint, same keys, same secret, same data
            assertEquals(first, settings(again), again.output());
            try (DynamoDbClient client = client(first)) {
                assertEquals("ada@example.com", DynamoDbAdapter.builder().client(client).build()
                        .getUser("u1").orElseThrow().email());
            }
        }
    }

    @Test
    void aNonLoopbackAddressIsRefused() throws Exception {
        ServeJarIT.Running.Result r = run("local", "--host", "0.0.0.0");
        assertEquals(2, r.code(), r.output());
        assertTrue(r.output().contains("listens on 127.0.0.1 only, not on '0.0.0.0'"), r.output());
    }

    private ServeJarIT.Running.Result run(String... args) throws Exception {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = "data";
        try (ServeJarIT.Running r = new ServeJarIT.Running(dir, all)) {
            assertTrue(r.awaitExit(Duration.ofSeconds(300)), r.output());
            return new ServeJarIT.Running.Result(r.process.exitValue(), r.output());
        }
    }
}
