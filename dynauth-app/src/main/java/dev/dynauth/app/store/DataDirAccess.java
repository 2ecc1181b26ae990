package dev.dynauth.app.store;

import dev.dynauth.TableOptions;
import dev.dynauth.local.DynamoDbLocal;
import dev.dynauth.local.DynamoDbLocalServer;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Opens an embedded data directory with one owner at a time (see {@link DataDir}): {@code serve} owns it and
 * serves its DynamoDB Local on loopback; an admin command goes through that server when there is one, else
 * owns the directory itself while it runs.
 */
public final class DataDirAccess {
    /** How long an admin command waits for another admin command (or a starting serve) to let the directory go. */
    public static final Duration WAIT = Duration.ofSeconds(30);
    /** Commands that hold the directory until stopped: another of them is refused at once rather than waited for. */
    static final java.util.Set<String> LONG_RUNNING = java.util.Set.of("serve", "local");

    private DataDirAccess() {}

    /** For an admin command. */
    public static Store open(DataDir dir, TableOptions options, String command, boolean mayCreate) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            if (!mayCreate && !dir.hasDatabase() && !java.nio.file.Files.exists(dir.lockFile())) {
                // reading never creates a database (nor the directory): say where we looked
                throw new CliException("no dynauth data in " + dir + " (nothing there; start 'dynauth serve' or run "
                        + "'dynauth table create' to make it, or name another place with --data-dir or " + DataDir.ENV + ")");
            }
            Optional<DataDir.Lock> lock = dir.tryLock(DataDir.Owner.self(command));
            if (lock.isPresent()) {
                return ownedByUs(dir, options, lock.get(), mayCreate);
            }
            Optional<DataDir.Owner> owner = dir.owner();
            if (owner.isPresent() && owner.get().endpoint() != null) {
                return throughOwner(dir, options, owner.get());
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(inUse(dir, owner) + "; try again when it has finished");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while waiting for " + dir);
            }
        }
    }

    private static Store ownedByUs(DataDir dir, TableOptions options, DataDir.Lock lock, boolean mayCreate) {
        try {
            if (!mayCreate && !dir.hasDatabase()) {
                throw new CliException("no dynauth data in " + dir + " (start 'dynauth serve' or run 'dynauth table "
                        + "create' to make it)");
            }
            DynamoDbLocal local = DynamoDbLocal.persistent(dir.path);
            return new Store(local.client(), options, "embedded DynamoDB Local in " + dir, true, true, () -> {
                try {
                    local.close();
                } finally {
                    lock.close();
                }
            }, lock);
        } catch (CliException e) {
            lock.close();
            throw e;
        } catch (RuntimeException e) {
            lock.close();
            throw new CliException("cannot use the data directory " + dir + ": " + Failures.message(e), e);
        }
    }

    private static Store throughOwner(DataDir dir, TableOptions options, DataDir.Owner owner) {
        DynamoDbClient client = loopbackClient(URI.create(owner.endpoint()),
                AwsBasicCredentials.create(owner.accessKey(), owner.secretKey()));
        return new Store(client, options, "DynamoDB Local of dynauth " + owner.command() + " (pid " + owner.pid()
                + ") in " + dir, true, false, client::close);
    }

    /**
     * For {@code serve}: owns the directory (refusing at once when another process does), serves its DynamoDB
     * Local on a random loopback port with this start's credentials, and writes both into the lock file.
     */
    public static Store serve(DataDir dir, TableOptions options) {
        return serveWithin(dir, options, WAIT);
    }

    /** {@link #serve}, waiting at most {@code wait} for an admin command holding the directory. */
    public static Store serveWithin(DataDir dir, TableOptions options, Duration wait) {
        return serveWithin(dir, options, wait, "serve", 0, startCredentials());
    }

    /** This start's keys of the directory's DynamoDB Local, which admin commands read from the lock file. */
    public static AwsBasicCredentials startCredentials() {
        return AwsBasicCredentials.create("DYNAUTH" + random(10).toUpperCase(Locale.ROOT), random(32));
    }

    /**
     * {@link #serve} for {@code command} (the lock file's), its DynamoDB Local on {@code port} (0: a free one)
     * answering only requests signed with {@code credentials}' access key id.
     */
    public static Store serveWithin(DataDir dir, TableOptions options, Duration wait, String command, int port,
                             AwsBasicCredentials credentials) {
        return serveLocked(dir, options, lockToServe(dir, wait, command), port, credentials);
    }

    /**
     * The hold on the directory for {@code command} (serve, local), refused at once when another of them holds
     * it, waited for (at most {@code wait}) when an admin command does. Cheap: {@code serve} takes it before it
     * starts anything, so a directory in use is refused in one line.
     */
    public static DataDir.Lock lockToServe(DataDir dir, Duration wait, String command) {
        long deadline = System.nanoTime() + wait.toNanos();
        Optional<DataDir.Lock> held;
        while ((held = dir.tryLock(DataDir.Owner.self(command))).isEmpty()) {
            Optional<DataDir.Owner> owner = dir.owner();
            // another serve or local runs until stopped: refuse at once; an admin command ends soon: wait for it
            if (owner.isEmpty() || LONG_RUNNING.contains(owner.get().command()) || System.nanoTime() > deadline) {
                throw new CliException(inUse(dir, owner));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(inUse(dir, owner));
            }
        }
        return held.get();
    }

    /** {@link #serveWithin} on a directory already held ({@link #lockToServe}); the store's close lets it go. */
    public static Store serveLocked(DataDir dir, TableOptions options, DataDir.Lock lock, int port,
                                    AwsBasicCredentials credentials) {
        try {
            String accessKey = credentials.accessKeyId();
            String secretKey = credentials.secretAccessKey();
            DynamoDbLocalServer server = DynamoDbLocalServer.builder().persistent(dir.path).port(port)
                    .credentials(accessKey, secretKey).start();
            lock.publish(lock.owner().serving(server.endpoint().toString(), accessKey, secretKey));
            // serve's own requests: a kept-alive connection per request thread (ServeCommand.SERVER_THREADS), as
            // against a remote endpoint (the URL-connection client of DynamoDbLocalServer.client()
            // keeps 5 idle connections and churns under load)
            DynamoDbClient client = DynamoDbClient.builder()
                    .endpointOverride(server.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                    .httpClientBuilder(dev.dynauth.spring.dynamodb.DynauthHttpClient.pooled(
                            dev.dynauth.app.command.ServeCommand.SERVER_THREADS))
                    .build();
            return new Store(client, options, "embedded DynamoDB Local in " + dir, true, true, () -> {
                try {
                    client.close();
                    server.close();
                } finally {
                    lock.close();
                }
            }, lock);
        } catch (RuntimeException e) {
            lock.close();
            for (Throwable t = e; t != null && port > 0; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    throw new CliException("port " + port + " is in use (another DynamoDB Local?): choose another port", e);
                }
            }
            throw new CliException("cannot use the data directory " + dir + ": " + Failures.message(e), e);
        }
    }

    /** "data dir /x/.dynauth/data is in use by dynauth serve, pid 1234, port 8080". */
    static String inUse(DataDir dir, Optional<DataDir.Owner> owner) {
        return "data dir " + dir + " is in use by " + owner.map(DataDir.Owner::describe).orElse("another process");
    }

    public static DynamoDbClient loopbackClient(URI endpoint, AwsBasicCredentials credentials) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
