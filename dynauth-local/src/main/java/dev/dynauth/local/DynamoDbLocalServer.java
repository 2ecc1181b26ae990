package dev.dynauth.local;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.CommandLineInput;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local served over HTTP on the loopback interface ({@code 127.0.0.1}) only, so that other processes
 * on this machine (an Auth.js app, the AWS CLI) can share it while nothing outside the machine can reach it.
 *
 * <p>All clients share one database whatever credentials and region they send, as with {@code -sharedDb}.
 *
 * <pre>{@code
 * try (DynamoDbLocalServer server = DynamoDbLocalServer.builder().start();
 *      DynamoDbClient dynamo = server.client()) {
 *     dynamo.listTables();   // server.endpoint() is http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    static final String LOOPBACK = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(DynamoDbLocalServer.class);

    private final DynamoDBProxyServer server;
    private final ServerConnector connector;
    private final int port;
    private final URI endpoint;
    private final Path directory;
    private final AwsBasicCredentials credentials;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DynamoDbLocalServer(DynamoDBProxyServer server, ServerConnector connector, Path directory,
                                AwsBasicCredentials credentials) {
        this.server = server;
        this.connector = connector;
        this.port = connector.getLocalPort();
        this.endpoint = URI.create("http://" + LOOPBACK + ":" + port);
        this.directory = directory;
        this.credentials = credentials;
    }

    /**
     * A builder for a server in memory on a free port unless told otherwise.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The URI clients connect to, {@code http://127.0.0.1:PORT}.
     *
     * @return the endpoint
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * The port the server listens on, the one actually bound when a free port was asked for.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The directory holding the data, or empty when the database is in memory.
     *
     * @return the data directory
     */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /**
     * Builds a new client for this server, with the server's credentials (dummy ones unless
     * {@link Builder#credentials} set them), region {@code us-east-1} and the
     * URL-connection HTTP client. The caller owns the client and must close it.
     *
     * @return a new client
     */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                // DynamoDB Local checks that credentials are present, never what they are (see Builder#credentials).
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                // Named explicitly: the SDK refuses to choose when several HTTP clients are on the class path.
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /**
     * Stops accepting connections, then closes the database. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.stop();
                log.info("Stopped DynamoDB Local on {}", endpoint);
            } catch (Exception e) {
                log.warn("Failed to stop DynamoDB Local on {} cleanly", endpoint, e);
            }
        }
    }

    /** The address the listening socket is bound to, to check it really is loopback. */
    InetSocketAddress boundAddress() {
        return boundAddress(connector);
    }

    private static InetSocketAddress boundAddress(ServerConnector connector) {
        try {
            SocketAddress address = ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
            return (InetSocketAddress) address;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the address DynamoDB Local is bound to", e);
        }
    }

    private static DynamoDbLocalServer start(int port, Path directory, AwsBasicCredentials required) {
        Path dir = directory == null ? null : DynamoDbLocal.createDirectories(directory);
        // The command line only accepts ports 1 to 65535; a free port (0) is set on the connector below instead,
        // so the kernel picks it at bind time and no other process can take it in between.
        String cliPort = Integer.toString(port == 0 ? ServerRunner.DEFAULT_PORT : port);
        String[] args = dir == null
                ? new String[] {"-inMemory", "-port", cliPort, "-sharedDb", "-disableTelemetry"}
                : new String[] {"-dbPath", dir.toString(), "-port", cliPort, "-sharedDb", "-disableTelemetry"};
        DynamoDBProxyServer server;
        try {
            // What createServerFromCommandLineArgs does, without the banner it prints to System.out (which
            // showed its default port, not ours, in the first lines a newcomer sees)
            CommandLineInput input = new CommandLineInput(args);
            if (!input.init()) {
                throw new IllegalArgumentException("DynamoDB Local refused its options " + String.join(" ", args));
            }
            server = ServerRunner.createServer(input);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create DynamoDB Local", e);
        }
        Server jetty = jettyOf(server);
        ServerConnector connector = onlyConnector(jetty);
        if (required != null) {
            jetty.setHandler(new AccessKeyCheck(jetty.getHandler(), required.accessKeyId()));
        }
        // DynamoDB Local has no host option and would listen on every interface; a local database must not
        // be reachable from the network, so the connector is narrowed before it binds.
        connector.setHost(LOOPBACK);
        connector.setPort(port);
        try {
            // Not start(): it prints and swallows a failure to bind, leaving a server that is not listening.
            server.safeStart();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("Cannot start DynamoDB Local on " + LOOPBACK + ":" + port, e);
        }
        InetSocketAddress bound = boundAddress(connector);
        if (!bound.getAddress().isLoopbackAddress()) {
            stopQuietly(server);
            throw new IllegalStateException("DynamoDB Local bound to non-loopback address " + bound);
        }
        DynamoDbLocalServer started = new DynamoDbLocalServer(server, connector, dir,
                required != null ? required : AwsBasicCredentials.create("local", "local"));
        log.info("Started DynamoDB Local on {}{}", started.endpoint,
                dir == null ? " (in memory)" : " (data in " + dir + ")");
        return started;
    }

    private static Server jettyOf(DynamoDBProxyServer server) {
        // DynamoDBProxyServer keeps its Jetty server private; found by type rather than name so a rename in
        // DynamoDB Local does not matter. If it is ever gone we refuse to start rather than bind everywhere.
        for (Field field : DynamoDBProxyServer.class.getDeclaredFields()) {
            if (Server.class.isAssignableFrom(field.getType())) {
                try {
                    field.setAccessible(true);
                    return (Server) field.get(server);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("Cannot reach DynamoDB Local's Jetty server", e);
                }
            }
        }
        throw new IllegalStateException("DynamoDB Local has no Jetty server field; cannot bind it to loopback");
    }

    private static ServerConnector onlyConnector(Server jetty) {
        Connector[] connectors = jetty.getConnectors();
        if (connectors.length != 1 || !(connectors[0] instanceof ServerConnector)) {
            throw new IllegalStateException("Expected one Jetty ServerConnector in DynamoDB Local, found "
                    + connectors.length + " connectors");
        }
        return (ServerConnector) connectors[0];
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception e) {
            log.debug("Ignoring failure to stop DynamoDB Local after a failed start", e);
        }
    }

    /** Options for a {@link DynamoDbLocalServer}. Not thread-safe; the started server does not see later changes. */
    public static final class Builder {
        private int port;
        private Path directory;
        private AwsBasicCredentials credentials;

        private Builder() {}

        /**
         * Accepts only requests signed with this access key id (others get DynamoDB's
         * {@code UnrecognizedClientException}), and gives {@link DynamoDbLocalServer#client()} these credentials.
         * DynamoDB Local itself accepts any. The check compares the access key id of the SigV4
         * {@code Authorization} header and does not verify the signature: a random id only the owner can read
         * keeps other local users' processes out, since loopback traffic cannot be read without root.
         *
         * @param accessKeyId the access key id clients must use (at least 16 characters)
         * @param secretAccessKey the secret key the server's own client signs with
         * @return this builder
         */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            if (accessKeyId.length() < 16 || !accessKeyId.matches("[A-Za-z0-9]+")) {
                throw new IllegalArgumentException("accessKeyId must be at least 16 letters and digits");
            }
            this.credentials = AwsBasicCredentials.create(accessKeyId, secretAccessKey);
            return this;
        }

        /**
         * The port to listen on; {@code 0}, the default, picks a free one (see {@link DynamoDbLocalServer#port()}).
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Keeps the data in memory, lost when the server stops. This is the default.
         *
         * @return this builder
         */
        public Builder inMemory() {
            this.directory = null;
            return this;
        }

        /**
         * Keeps the data in {@code directory}, created if needed; the same directory can be reopened later by a
         * server or by {@link DynamoDbLocal#persistent(Path)}.
         *
         * @param directory where the database file is kept
         * @return this builder
         */
        public Builder persistent(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Starts the server and waits until it listens.
         *
         * @return the running server; close it when done
         * @throws IllegalStateException if it cannot start, for example because the port is taken
         */
        public DynamoDbLocalServer start() {
            return DynamoDbLocalServer.start(port, directory, credentials);
        }
    }
}
