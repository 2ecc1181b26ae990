package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.app.command.LocalCommand;
import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.DataDir;
import dev.dynauth.app.store.DataDirAccess;
import dev.dynauth.app.store.DevDynamoDb;
import dev.dynauth.app.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/** The development DynamoDB Local's address rule, kept keys and port setting ({@code dynauth local}). */
class DevDynamoDbTest {
    @TempDir
    Path tmp;

    @Test
    void onlyLoopbackIsAccepted() {
        assertDoesNotThrow(() -> DevDynamoDb.requireLoopback("127.0.0.1"));
        assertDoesNotThrow(() -> DevDynamoDb.requireLoopback("localhost"));
        for (String host : new String[] {"0.0.0.0", "::", "192.168.1.20", "example.com", "", "127.0.0.2"}) {
            CliException e = assertThrows(CliException.class, () -> DevDynamoDb.requireLoopback(host), host);
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().contains("127.0.0.1 only"), e.getMessage());
        }
    }

    @Test
    void theKeysAreMadeOnceAndKeptReadableByTheOwnerOnly() throws Exception {
        DataDir dir = DataDir.resolve(tmp.resolve("data"), Map.of());
        AwsBasicCredentials first = DevDynamoDb.credentials(dir);
        assertEquals(first, DevDynamoDb.credentials(dir), "the same keys at the next start");
        assertTrue(first.accessKeyId().startsWith("DYNAUTHDEV"), first.accessKeyId());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.path.resolve(DevDynamoDb.CREDENTIALS_FILE))));
        assertNotEquals(first, DevDynamoDb.credentials(DataDir.resolve(tmp.resolve("other"), Map.of())),
                "another data directory, other keys");
        assertEquals(DevDynamoDb.authSecret(dir), DevDynamoDb.authSecret(dir));
    }

    @Test
    void theEnvFileHasEverySettingAndOnlyItsOwnerReadsIt() throws Exception {
        Path file = tmp.resolve("app").resolve(".env.local");
        Map<String, String> env = DevDynamoDb.environment("http://127.0.0.1:8000",
                AwsBasicCredentials.create("DYNAUTHDEVKEY", "secretkey"), "next-auth", "s3cret");
        DevDynamoDb.writeEnvFile(file, env);
        assertEquals(List.of("AUTH_SECRET=s3cret", "AUTH_DYNAMODB_TABLE=next-auth",
                "DYNAMODB_ENDPOINT=http://127.0.0.1:8000", "NEXT_AUTH_AWS_REGION=us-east-1",
                "NEXT_AUTH_AWS_ACCESS_KEY=DYNAUTHDEVKEY", "NEXT_AUTH_AWS_SECRET_KEY=secretkey"),
                Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void thePortComesFromTheOptionElseTheEnvironment() {
        assertEquals(8000, LocalCommand.port(8000, null, false));
        assertEquals(8123, LocalCommand.port(8000, "8123", false));
        assertEquals(9000, LocalCommand.port(9000, "8123", true));
        assertEquals(2, assertThrows(CliException.class, () -> LocalCommand.port(8000, "eighty", false)).exitCode());
        assertEquals(2, assertThrows(CliException.class, () -> LocalCommand.port(0, null, true)).exitCode());
    }

    @Test
    void aRestartedServerKeepsItsPortAndKeys() throws Exception {
        DataDir dir = DataDir.resolve(tmp.resolve("served"), Map.of());
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AwsBasicCredentials keys = DevDynamoDb.credentials(dir);
        String endpoint;
        try (Store store = DataDirAccess.serveWithin(dir, dev.dynauth.TableOptions.defaults(), DataDirAccess.WAIT,
                "local", port, keys)) {
            endpoint = store.lock().orElseThrow().owner().endpoint();
            assertEquals("http://127.0.0.1:" + port, endpoint);
            // taken: a clear message rather than a stack trace
            CliException busy = assertThrows(CliException.class, () -> DataDirAccess.serveWithin(
                    DataDir.resolve(tmp.resolve("second"), Map.of()), dev.dynauth.TableOptions.defaults(),
                    DataDirAccess.WAIT, "local", port, keys));
            assertEquals("port " + port + " is in use (another DynamoDB Local?): choose another port", busy.getMessage());
        }
        try (Store again = DataDirAccess.serveWithin(dir, dev.dynauth.TableOptions.defaults(), DataDirAccess.WAIT,
                "local", port, DevDynamoDb.credentials(dir))) {
            assertEquals(endpoint, again.lock().orElseThrow().owner().endpoint());
            assertTrue(Files.readString(dir.lockFile()).contains("accessKey=" + keys.accessKeyId()));
        }
    }
}
