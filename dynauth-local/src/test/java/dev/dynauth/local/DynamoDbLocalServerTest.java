package dev.dynauth.local;

import static dev.dynauth.local.Tables.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoDbLocalServerTest {

    @Test
    void freePortServerIsReachableThroughItsClient() {
        try (DynamoDbLocalServer server = DynamoDbLocalServer.builder().start();
             DynamoDbClient dynamo = server.client()) {
            assertTrue(server.port() > 0);
            assertEquals(URI.create("http://127.0.0.1:" + server.port()), server.endpoint());

            String table = Tables.create(dynamo, "srv", true);
            Tables.put(dynamo, table, "u1", Map.of("name", s("Ada")));
            assertTrue(Tables.exists(dynamo, table, "u1"));
            // Another client sees the same database (one shared db whatever the credentials).
            try (DynamoDbClient other = server.client()) {
                assertTrue(other.listTables().tableNames().contains(table));
            }
        }
    }

    @Test
    void listensOnLoopbackOnly() throws IOException {
        try (DynamoDbLocalServer server = DynamoDbLocalServer.builder().start()) {
            InetSocketAddress bound = server.boundAddress();
            assertEquals(InetAddress.getByName("127.0.0.1"), bound.getAddress());
            assertEquals(server.port(), bound.getPort());
            assertTrue(accepts(InetAddress.getByName("127.0.0.1"), server.port()));

            // The bound address above already proves loopback only; where the machine has another address,
            // also show that a connection to it is refused.
            Optional<InetAddress> external = nonLoopbackAddress();
            if (external.isPresent()) {
                assertTrue(!accepts(external.get(), server.port()),
                        "DynamoDB Local must not be reachable on " + external.get());
            }
        }
    }

    @Test
    void twoServersOnDifferentPortsAreIndependent() {
        try (DynamoDbLocalServer a = DynamoDbLocalServer.builder().start();
             DynamoDbLocalServer b = DynamoDbLocalServer.builder().start();
             DynamoDbClient clientA = a.client();
             DynamoDbClient clientB = b.client()) {
            assertNotEquals(a.port(), b.port());
            String table = Tables.create(clientA, "only-a", false);
            assertTrue(clientA.listTables().tableNames().contains(table));
            assertTrue(clientB.listTables().tableNames().isEmpty());
        }
    }

    @Test
    void givenPortIsUsedAndTakenPortFailsLoudly() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        try (DynamoDbLocalServer server = DynamoDbLocalServer.builder().port(port).start();
             DynamoDbClient dynamo = server.client()) {
            assertEquals(port, server.port());
            dynamo.listTables();

            assertThrows(IllegalStateException.class, () -> DynamoDbLocalServer.builder().port(port).start());
        }
    }

    @Test
    void closeIsIdempotentAndReleasesThePort() throws IOException {
        DynamoDbLocalServer server = DynamoDbLocalServer.builder().start();
        int port = server.port();
        assertTrue(accepts(InetAddress.getByName("127.0.0.1"), port));
        server.close();
        server.close();
        assertTrue(!accepts(InetAddress.getByName("127.0.0.1"), port));
    }

    @Test
    void persistentServerKeepsDataAcrossRestartsAndSharesItWithEmbedded(@TempDir Path tmp) {
        Path dir = tmp.resolve("db");
        String table;
        try (DynamoDbLocalServer server = DynamoDbLocalServer.builder().persistent(dir).start();
             DynamoDbClient dynamo = server.client()) {
            assertEquals(dir.toAbsolutePath(), server.directory().orElseThrow());
            table = Tables.create(dynamo, "disk", false);
            Tables.put(dynamo, table, "kept", Map.of());
        }
        try (DynamoDbLocalServer server = DynamoDbLocalServer.builder().persistent(dir).start();
             DynamoDbClient dynamo = server.client()) {
            assertTrue(Tables.exists(dynamo, table, "kept"));
        }
        try (DynamoDbLocal embedded = DynamoDbLocal.persistent(dir)) {
            assertTrue(Tables.exists(embedded.client(), table, "kept"));
        }
    }

    @Test
    void rejectsInvalidPort() {
        assertThrows(IllegalArgumentException.class, () -> DynamoDbLocalServer.builder().port(-1));
        assertThrows(IllegalArgumentException.class, () -> DynamoDbLocalServer.builder().port(65536));
    }

    @Test
    void withCredentialsOnlyTheirAccessKeyIsServed() {
        try (DynamoDbLocalServer server = DynamoDbLocalServer.builder()
                     .credentials("AKIDdynauth0123456789", "secret-of-this-start").start();
             DynamoDbClient owner = server.client();
             DynamoDbClient stranger = DynamoDbClient.builder().endpointOverride(server.endpoint())
                     .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                     .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                             software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                     .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                     .build()) {
            String table = Tables.create(owner, "cred", false);
            assertTrue(owner.listTables().tableNames().contains(table));
            var refused = assertThrows(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
                    stranger::listTables);
            assertEquals("UnrecognizedClientException", refused.awsErrorDetails().errorCode());
            assertEquals(400, refused.statusCode());
        }
        assertThrows(IllegalArgumentException.class, () -> DynamoDbLocalServer.builder().credentials("short", "x"));
    }

    private static boolean accepts(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(DynamoDbLocalServerTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                .findFirst();
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
