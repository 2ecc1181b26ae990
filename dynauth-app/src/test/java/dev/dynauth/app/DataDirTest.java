package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.TableOptions;
import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.DataDir;
import dev.dynauth.app.store.DataDirAccess;
import dev.dynauth.app.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the embedded data is, and who owns it: commands run in-process with their own connection
 * handling (no shared client), on data directories of their own.
 */
class DataDirTest {
    @TempDir
    Path tmp;

    @Test
    void readingAMissingDirectorySaysWhereAndCreatesNothing() {
        Path missing = tmp.resolve("nowhere/data");
        Cli cli = new Cli();
        for (String[] args : new String[][] {{"users", "list"}, {"table", "verify"}, {"sessions", "list", "a@b.c"},
                {"purge-expired"}, {"export", tmp.resolve("out.jsonl").toString()}}) {
            Cli.Result r = cli.runReal(concat(args, "--data-dir", missing.toString()));
            assertEquals(1, r.code(), r::toString);
            assertEquals("dynauth: no dynauth data in " + missing + " (nothing there; start 'dynauth serve' or run "
                    + "'dynauth table create' to make it, or name another place with --data-dir or DYNAUTH_DATA_DIR)",
                    r.err().strip(), r::toString);
        }
        assertFalse(Files.exists(tmp.resolve("nowhere")), "nothing was created");
        assertFalse(Files.exists(tmp.resolve("out.jsonl")), "no export file either");
    }

    @Test
    void aMissingTableNamesTheAbsoluteDirectory() {
        Path data = tmp.resolve("data");
        Cli cli = new Cli();
        assertEquals(0, cli.runReal("table", "create", "--table", "other", "--data-dir", data.toString()).code());
        Cli.Result r = cli.runReal("users", "list", "--data-dir", data.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals("dynauth: no table 'next-auth' in embedded DynamoDB Local in " + data
                + " (create it with: dynauth table create)", r.err().strip());
    }

    @Test
    void theDataDirectoryComesFromTheEnvironment() {
        Path data = tmp.resolve("from-env");
        Cli cli = new Cli();
        cli.env.put("DYNAUTH_DATA_DIR", data.toString());
        Cli.Result created = cli.runReal("table", "create");
        assertEquals(0, created.code(), created::toString);
        assertEquals("created table 'next-auth' in embedded DynamoDB Local in " + data, created.out().strip());
        assertTrue(Files.exists(data.resolve(DataDir.DATABASE_FILE)));
        assertEquals("[]", cli.runReal("users", "list", "--json").out().strip());
        // the option wins over the environment
        Cli.Result other = cli.runReal("users", "list", "--data-dir", tmp.resolve("elsewhere").toString());
        assertTrue(other.err().contains(tmp.resolve("elsewhere").toString()), other::toString);
    }

    @Test
    void aServedDirectoryIsReachedThroughItsOwnerAndNotOpenedTwice() throws Exception {
        DataDir dir = DataDir.resolve(tmp.resolve("served"), Map.of());
        TableOptions options = TableOptions.defaults();
        try (Store served = DataDirAccess.serve(dir, options)) {
            served.admin().create();
            served.adapter().createUser(dev.dynauth.AdapterUser.builder().id("u1").email("ada@example.com").build());
            served.lock().orElseThrow().publish(served.lock().orElseThrow().owner().onPort(8123));

            // the lock file: who, where, and this start's credentials, readable by the owner only
            String lockFile = Files.readString(dir.lockFile());
            assertTrue(lockFile.contains("command=serve") && lockFile.contains("port=8123")
                    && lockFile.contains("endpoint=http\\://127.0.0.1\\:") && lockFile.contains("accessKey=DYNAUTH"),
                    lockFile);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.lockFile())));

            // a second serve refuses with one line naming the holder
            CliException second = assertThrows(CliException.class, () -> DataDirAccess.serve(dir, options));
            assertEquals("data dir " + dir + " is in use by dynauth serve, pid " + ProcessHandle.current().pid()
                    + ", port 8123, since " + served.lock().orElseThrow().owner().started(), second.getMessage());

            // an admin command goes through the server
            Cli.Result list = new Cli().runReal("users", "list", "--data-dir", dir.toString(), "--json");
            assertEquals(0, list.code(), list::toString);
            assertTrue(list.out().contains("ada@example.com"), list::toString);
            Cli.Result verify = new Cli().runReal("table", "verify", "--data-dir", dir.toString(), "--json");
            assertTrue(verify.json().path("where").asString().startsWith("DynamoDB Local of dynauth serve (pid "),
                    verify::toString);
        }
        assertEquals("", Files.readString(dir.lockFile()), "a released lock file keeps no credentials");
        // released: the next command owns the directory itself
        Cli.Result after = new Cli().runReal("table", "verify", "--data-dir", dir.toString(), "--json");
        assertEquals(0, after.code(), after::toString);
        assertEquals("embedded DynamoDB Local in " + dir, after.json().path("where").asString());
    }

    @Test
    void anAdminCommandHoldsTheDirectoryWhileItRuns() {
        DataDir dir = DataDir.resolve(tmp.resolve("held"), Map.of());
        try (Store store = new ConnectionOptionsForTest(dir).open()) {
            assertTrue(store.lock().isPresent());
            assertEquals("import", store.lock().get().owner().command());
            CliException serve = assertThrows(CliException.class, () -> DataDirAccess.serveWithin(dir,
                    TableOptions.defaults(), java.time.Duration.ofMillis(300)));
            assertTrue(serve.getMessage().startsWith("data dir " + dir + " is in use by dynauth import, pid "),
                    serve.getMessage());
        }
    }

    /** Opens a data directory as the import command would. */
    private record ConnectionOptionsForTest(DataDir dir) {
        Store open() {
            return DataDirAccess.open(dir, TableOptions.defaults(), "import", true);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
