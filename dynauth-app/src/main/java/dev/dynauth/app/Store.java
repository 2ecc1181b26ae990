package dev.dynauth.app;

import dev.dynauth.TableOptions;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An open connection to the table: the client, the table's names, and what it is (for messages).
 * Closing it closes what it opened (the client, and the embedded DynamoDB Local if any).
 */
final class Store implements AutoCloseable {
    private final DynamoDbClient client;
    private final TableOptions options;
    private final String description;
    private final boolean local;
    private final boolean embedded;
    private final AutoCloseable onClose;
    private final DataDir.Lock lock;

    Store(DynamoDbClient client, TableOptions options, String description, boolean local, boolean embedded,
          AutoCloseable onClose) {
        this(client, options, description, local, embedded, onClose, null);
    }

    /** {@code lock}: this process's hold on the embedded data directory, if it has one. */
    Store(DynamoDbClient client, TableOptions options, String description, boolean local, boolean embedded,
          AutoCloseable onClose, DataDir.Lock lock) {
        this.lock = lock;
        this.client = Objects.requireNonNull(client);
        this.options = Objects.requireNonNull(options);
        this.description = description;
        this.local = local;
        this.embedded = embedded;
        this.onClose = onClose;
    }

    DynamoDbClient client() { return client; }
    TableOptions options() { return options; }
    /** Where the data is, in words, e.g. "embedded DynamoDB Local in ./.dynauth/data". */
    String description() { return description; }
    /** True for DynamoDB Local (embedded or on a loopback endpoint): its TTL misses expired items outside the index (tokens). */
    boolean local() { return local; }
    /** True when the DynamoDB Local runs inside this process. */
    boolean embedded() { return embedded; }
    /** The data directory this process owns while the store is open (embedded, persisted). */
    java.util.Optional<DataDir.Lock> lock() { return java.util.Optional.ofNullable(lock); }
    TableAdmin admin() { return new TableAdmin(client, options, description); }
    Items items() { return new Items(client, options); }
    dev.dynauth.DynamoDbAdapter adapter() {
        return dev.dynauth.DynamoDbAdapter.builder().client(client).options(options).build();
    }

    @Override
    public void close() {
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + description + " failed: " + e.getMessage(), e);
            }
        }
    }
}
