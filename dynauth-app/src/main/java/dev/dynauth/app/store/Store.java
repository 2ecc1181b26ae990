package dev.dynauth.app.store;

import dev.dynauth.TableOptions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An open connection to the table: the client, the table's names, and what it is (for messages).
 * Closing it closes what it opened (the client, and the embedded DynamoDB Local if any).
 */
public final class Store implements AutoCloseable {
    private final DynamoDbClient client;
    private final TableOptions options;
    private final String description;
    private final boolean local;
    private final boolean embedded;
    private final AutoCloseable onClose;
    private final DataDir.Lock lock;
    /** For a store still being opened ({@link #whenOpened}): the store it will be; null for an open store. */
    private final CompletableFuture<Store> opening;

    public Store(DynamoDbClient client, TableOptions options, String description, boolean local, boolean embedded,
          AutoCloseable onClose) {
        this(client, options, description, local, embedded, onClose, null);
    }

    /** {@code lock}: this process's hold on the embedded data directory, if it has one. */
    public Store(DynamoDbClient client, TableOptions options, String description, boolean local, boolean embedded,
          AutoCloseable onClose, DataDir.Lock lock) {
        this.lock = lock;
        this.client = Objects.requireNonNull(client);
        this.options = Objects.requireNonNull(options);
        this.description = description;
        this.local = local;
        this.embedded = embedded;
        this.onClose = onClose;
        this.opening = null;
    }

    private Store(CompletableFuture<Store> opening, TableOptions options, boolean local, boolean embedded) {
        this.opening = opening;
        this.client = OpeningClient.of(opening);
        this.options = Objects.requireNonNull(options);
        this.description = null;
        this.local = local;
        this.embedded = embedded;
        this.onClose = null;
        this.lock = null;
    }

    /**
     * The store {@code opening} will be, usable at once: {@code serve} starts its Spring context while DynamoDB
     * Local starts and the table is checked on another thread. Its client's calls wait for the opened store (so
     * nothing reaches a table before it was checked) and fail as an SDK client error when opening failed; the
     * description and the lock wait too. {@code local} and {@code embedded} must be what the opened store says.
     */
    public static Store whenOpened(CompletableFuture<Store> opening, TableOptions options, boolean local, boolean embedded) {
        return new Store(opening, options, local, embedded);
    }

    public DynamoDbClient client() { return client; }
    public TableOptions options() { return options; }
    /** Where the data is, in words, e.g. "embedded DynamoDB Local in ./.dynauth/data". */
    public String description() { return opening != null ? opening.join().description() : description; }
    /** True for DynamoDB Local (embedded or on a loopback endpoint): its TTL misses expired items outside the index (tokens). */
    public boolean local() { return local; }
    /** True when the DynamoDB Local runs inside this process. */
    public boolean embedded() { return embedded; }
    /** The data directory this process owns while the store is open (embedded, persisted). */
    public java.util.Optional<DataDir.Lock> lock() {
        return opening != null ? opening.join().lock() : java.util.Optional.ofNullable(lock);
    }
    /**
     * Runs {@code action} once the store is open: now for an open store, when opening succeeds for one being
     * opened ({@link #whenOpened}), never when it fails.
     */
    public void onceOpen(Runnable action) {
        if (opening != null) {
            opening.thenRun(action);
        } else {
            action.run();
        }
    }

    public TableAdmin admin() { return new TableAdmin(client, options, description); }
    public Items items() { return new Items(client, options); }
    public dev.dynauth.DynamoDbAdapter adapter() {
        return dev.dynauth.DynamoDbAdapter.builder().client(client).options(options).build();
    }

    @Override
    public void close() {
        if (opening != null) {
            // a store that failed to open has closed what it had opened already
            Store opened;
            try {
                opened = opening.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                return;
            }
            opened.close();
            return;
        }
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + description + " failed: " + e.getMessage(), e);
            }
        }
    }
}
