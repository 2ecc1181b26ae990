package dev.dynauth.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * DynamoDB Local running inside this JVM, without any network port.
 *
 * <p>The database lives either in memory (gone on {@link #close()}) or in a directory on disk.
 * Always close an instance: DynamoDB Local starts non-daemon threads that otherwise keep the JVM alive.
 *
 * <pre>{@code
 * try (DynamoDbLocal local = DynamoDbLocal.inMemory()) {
 *     DynamoDbClient dynamo = local.client();
 *     dynamo.listTables();
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe.
 */
public final class DynamoDbLocal implements AutoCloseable {

    /**
     * The file DynamoDB Local's server mode uses with {@code -sharedDb}; using the same name here lets one
     * directory be opened by {@link DynamoDbLocal} and {@link DynamoDbLocalServer} alike.
     */
    static final String DATABASE_FILE = "shared-local-instance.db";

    private static final Logger log = LoggerFactory.getLogger(DynamoDbLocal.class);

    private final AmazonDynamoDBLocal database;
    private final DynamoDbClient client;
    private final Path directory;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DynamoDbLocal(AmazonDynamoDBLocal database, Path directory) {
        this.database = database;
        this.client = database.dynamoDbClient();
        this.directory = directory;
    }

    /**
     * Starts an empty in-memory database.
     *
     * @return the running database; close it when done
     */
    public static DynamoDbLocal inMemory() {
        // true disables telemetry, which would otherwise phone home and write a file into the working directory.
        DynamoDbLocal local = new DynamoDbLocal(DynamoDBEmbedded.create(true), null);
        log.debug("Started in-memory DynamoDB Local");
        return local;
    }

    /**
     * Starts a database persisted in {@code directory}, creating the directory if needed and reopening the data
     * a previous instance left there.
     *
     * <p>Only one open instance (embedded or server) may use a directory at a time.
     *
     * @param directory where the database file is kept
     * @return the running database; close it when done
     * @throws UncheckedIOException if the directory cannot be created
     */
    public static DynamoDbLocal persistent(Path directory) {
        Path dir = createDirectories(directory);
        DynamoDbLocal local = new DynamoDbLocal(
                DynamoDBEmbedded.create(dir.resolve(DATABASE_FILE).toFile(), true), dir);
        log.debug("Started DynamoDB Local persisted in {}", dir);
        return local;
    }

    /**
     * The client talking to this database. It is shared: do not close it, close this instance instead.
     *
     * @return the client
     * @throws IllegalStateException if this instance is closed
     */
    public DynamoDbClient client() {
        if (closed.get()) {
            throw new IllegalStateException("DynamoDB Local is closed");
        }
        return client;
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
     * Stops the database, releasing its threads and, when persistent, its file. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            database.shutdown();
            log.debug("Stopped DynamoDB Local");
        }
    }

    static Path createDirectories(Path directory) {
        Objects.requireNonNull(directory, "directory");
        try {
            return Files.createDirectories(directory.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the DynamoDB Local directory " + directory, e);
        }
    }
}
