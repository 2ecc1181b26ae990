package dev.dynauth.app.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * An embedded data directory and its one owner. DynamoDB Local keeps the directory in one SQLite file that
 * two processes cannot share (they get "database is locked" and can wedge each other), so the process that
 * opens it holds an OS lock on {@value #LOCK_FILE} and writes who it is there. A {@code serve} also writes
 * the loopback endpoint of its DynamoDB Local and this start's credentials (the file is readable only by
 * its owner), so admin commands go through it instead of opening the file.
 */
public final class DataDir {
    public static final String LOCK_FILE = "dynauth.lock";
    /** DynamoDB Local's file, as {@code dev.dynauth.local.DynamoDbLocal} names it. */
    public static final String DATABASE_FILE = "shared-local-instance.db";
    static final String ENV = "DYNAUTH_DATA_DIR";
    static final String DEFAULT = "./.dynauth/data";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    public final Path path;

    private DataDir(Path path) {
        this.path = path;
    }

    /** {@code --data-dir}, else {@code DYNAUTH_DATA_DIR}, else {@value #DEFAULT}; absolute, for messages. */
    public static DataDir resolve(Path option, Map<String, String> env) {
        Path p = option;
        if (p == null) {
            String fromEnv = env.get(ENV);
            p = Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT);
        }
        return new DataDir(p.toAbsolutePath().normalize());
    }

    boolean exists() {
        return Files.isDirectory(path);
    }

    boolean hasDatabase() {
        return Files.isRegularFile(path.resolve(DATABASE_FILE));
    }

    public Path lockFile() {
        return path.resolve(LOCK_FILE);
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /** Who holds a data directory, as its lock file says. */
    public record Owner(long pid, String command, Integer port, String endpoint, String accessKey, String secretKey,
                 Instant started) {

        static Owner self(String command) {
            return new Owner(ProcessHandle.current().pid(), command, null, null, null, null, Instant.now());
        }

        Owner serving(String endpoint, String accessKey, String secretKey) {
            return new Owner(pid, command, port, endpoint, accessKey, secretKey, started);
        }

        public Owner onPort(int port) {
            return new Owner(pid, command, port, endpoint, accessKey, secretKey, started);
        }

        /** "dynauth serve, pid 1234, port 8080": never the credentials. */
        String describe() {
            return "dynauth " + command + ", pid " + pid + (port != null ? ", port " + port : "")
                    + (started != null ? ", since " + started : "");
        }

        @Override
        public String toString() {
            return describe();
        }

        String write() {
            Properties p = new Properties();
            p.setProperty("pid", Long.toString(pid));
            p.setProperty("command", command);
            if (port != null) p.setProperty("port", port.toString());
            if (endpoint != null) p.setProperty("endpoint", endpoint);
            if (accessKey != null) p.setProperty("accessKey", accessKey);
            if (secretKey != null) p.setProperty("secretKey", secretKey);
            if (started != null) p.setProperty("started", started.toString());
            StringWriter w = new StringWriter();
            try {
                p.store(w, "dynauth: the process using this data directory (readable only by its owner)");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return w.toString();
        }

        /** Empty while the owner is still writing it, or when it is not a lock file of ours. */
        static Optional<Owner> read(String text) {
            Properties p = new Properties();
            try {
                p.load(new StringReader(text));
                String pid = p.getProperty("pid");
                String command = p.getProperty("command");
                if (pid == null || command == null || p.getProperty("started") == null) return Optional.empty();
                String port = p.getProperty("port");
                return Optional.of(new Owner(Long.parseLong(pid), command, port == null ? null : Integer.valueOf(port),
                        p.getProperty("endpoint"), p.getProperty("accessKey"), p.getProperty("secretKey"),
                        Instant.parse(p.getProperty("started"))));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** What the lock file says now (its holder may have died: only a failed {@link #tryLock} says it is held). */
    Optional<Owner> owner() {
        try {
            return Owner.read(Files.readString(lockFile(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CliException("cannot read " + lockFile() + ": " + e.getMessage());
        }
    }

    /**
     * Takes the lock when no process holds it, and writes {@code owner} into the lock file.
     *
     * @return empty when another process (or another command in this JVM) holds it
     */
    Optional<Lock> tryLock(Owner owner) {
        Path file = lockFile();
        FileChannel channel;
        try {
            Files.createDirectories(path);
            try {
                channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.READ), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
            } catch (UnsupportedOperationException notPosix) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            }
        } catch (IOException e) {
            throw new CliException("cannot use the data directory " + path + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            Lock l = new Lock(channel, lock);
            l.publish(owner);
            return Optional.of(l);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw new CliException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** This process's hold on the directory; closing it releases the directory (the OS does when it dies). */
    public final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private volatile Owner owner;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        DataDir dir() {
            return DataDir.this;
        }

        public Owner owner() {
            return owner;
        }

        /** Rewrites the lock file (the lock stays held); mode 600 since it may carry credentials. */
        public synchronized void publish(Owner o) {
            try {
                try {
                    Files.setPosixFilePermissions(lockFile(), OWNER_ONLY);
                } catch (UnsupportedOperationException notPosix) {
                    // no modes to set
                }
                byte[] bytes = o.write().getBytes(StandardCharsets.UTF_8);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(bytes), 0);
                channel.force(false);
                owner = o;
            } catch (IOException e) {
                throw new CliException("cannot write " + lockFile() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void close() {
            try {
                if (channel.isOpen()) {
                    // a reader of a released lock file would find a dead owner's credentials otherwise
                    channel.truncate(0);
                    lock.release();
                    channel.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("releasing " + lockFile(), e);
            }
        }
    }
}
