package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.almworks.sqlite4java.SQLiteConnection;
import dev.dynauth.app.store.DataDir;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteLibraryLoader;

/**
 * One embedded data directory, several processes (the failures measured in issue 10): a second
 * {@code serve} refuses, admin commands during sign-ins go through the serving process, and SIGTERM
 * stops a server whose database is stuck.
 */
class DataDirOwnerIT {
    @TempDir
    Path dir;

    private ServeJarIT.Running serve(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--data-dir", "data", "--port", "0"));
        args.addAll(List.of(extra));
        return new ServeJarIT.Running(dir, args.toArray(String[]::new));
    }

    private ServeJarIT.Running.Result run(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--data-dir", "data"));
        try (ServeJarIT.Running r = new ServeJarIT.Running(dir, a.toArray(String[]::new))) {
            assertTrue(r.awaitExit(Duration.ofSeconds(300)), "ended: " + a + "\n" + r.output());
            return new ServeJarIT.Running.Result(r.process.exitValue(), r.output());
        }
    }

    @Test
    void aSecondServeOnTheSameDataDirRefusesNamingTheHolder() throws Exception {
        try (ServeJarIT.Running first = serve()) {
            int port = Integer.parseInt(first.await(ServeJarIT.SERVING, Duration.ofSeconds(180)).group(1));
            try (ServeJarIT.Running second = serve()) {
                assertTrue(second.awaitExit(Duration.ofSeconds(120)), second.output());
                assertEquals(1, second.process.exitValue(), second.output());
                String expected = "dynauth: data dir " + dir.toRealPath().resolve("data") + " is in use by dynauth serve, pid "
                        + first.process.pid() + ", port " + port + ", since ";
                assertTrue(second.output().strip().startsWith(expected) && second.output().strip().lines().count() == 1,
                        "one line naming the holder, expected " + expected + "…, got:\n" + second.output());
            }
            ServeJarIT.Browser b = new ServeJarIT.Browser("http://127.0.0.1:" + port);
            b.signIn("still@example.com");
            assertEquals(200, b.get("/health").statusCode());
        }
    }

    @Test
    void adminCommandsDuringSignInsGoThroughTheServer() throws Exception {
        Path file = dir.resolve("users.jsonl");
        StringBuilder lines = new StringBuilder();
        // the issue's 4,000 items (an import that size failed with "database is locked" during sign-ins)
        for (int i = 0; i < 4000; i++) {
            String id = "imported-" + i;
            lines.append("{\"Item\":{\"pk\":{\"S\":\"USER#").append(id).append("\"},\"sk\":{\"S\":\"USER#").append(id)
                    .append("\"},\"type\":{\"S\":\"USER\"},\"id\":{\"S\":\"").append(id)
                    .append("\"},\"name\":{\"S\":\"Imported ").append(i).append("\"}}}\n");
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8);
        // every client signs in from 127.0.0.1, maybe a thousand times: the README's way to lift the per-client
        // and the global link limits for a load test
        try (ServeJarIT.Running app = new ServeJarIT.Running(dir, Map.of("DYNAUTH_EMAIL_CLIENTRATELIMIT", "0",
                "DYNAUTH_EMAIL_GLOBALRATELIMIT", "0"),
                "serve", "--data-dir", "data", "--port", "0")) {
            String base = "http://127.0.0.1:" + app.await(ServeJarIT.SERVING, Duration.ofSeconds(180)).group(1);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ok = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        try {
                            new ServeJarIT.Browser(base).signIn("c" + client + "-" + n + "@example.com");
                            ok.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            try {
                List<String[]> commands = List.of(new String[] {"import", file.toString()}, new String[] {"users", "list", "--limit", "0"},
                        new String[] {"sessions", "revoke", "--user", "c0-0@example.com"}, new String[] {"purge-expired", "--yes"},
                        new String[] {"users", "list", "--json"});
                for (String[] command : commands) {
                    ServeJarIT.Running.Result r = run(command);
                    assertEquals(0, r.code(), String.join(" ", command) + ":\n" + r.output());
                    assertFalse(r.output().contains("Exception") || r.output().contains("locked")
                                    || r.output().contains("DYNAUTH"),
                            String.join(" ", command) + ":\n" + r.output());
                }
                // sign-ins went on while the commands ran
                Thread.sleep(2000);
            } finally {
                stop.set(true);
                clients.shutdown();
                assertTrue(clients.awaitTermination(120, TimeUnit.SECONDS));
            }
            for (Future<?> f : running) f.get();
            assertEquals(List.of(), List.copyOf(failures), "failed sign-ins (" + ok.get() + " succeeded)");
            String key = Files.readAllLines(dir.resolve("data").resolve(DataDir.LOCK_FILE)).stream()
                    .filter(l -> l.startsWith("accessKey=")).findFirst().orElseThrow().substring("accessKey=".length());
            assertFalse(app.output().contains(key), "the credential is not logged");
            assertTrue(ok.get() >= 4, "sign-ins happened: " + ok.get());
            assertTrue(run("users", "show", "imported-3999", "--json").output().contains("Imported 3999"));
        }
    }

    @Test
    void sigtermStopsWithinTenSecondsWithARequestStuckInTheDatabase() throws Exception {
        try (ServeJarIT.Running app = serve()) {
            String base = "http://127.0.0.1:" + app.await(ServeJarIT.SERVING, Duration.ofSeconds(180)).group(1);
            ServeJarIT.Browser b = new ServeJarIT.Browser(base);
            assertEquals(200, b.get("/health").statusCode());
            SQLiteLibraryLoader.initialize();
            SQLiteConnection db = new SQLiteConnection(dir.resolve("data").resolve(DataDir.DATABASE_FILE).toFile());
            db.open(false);
            try {
                // another process writing the file, as a second serve did: every write of the server waits
                db.exec("BEGIN EXCLUSIVE");
                HttpResponse<String> health = b.get("/health");
                assertEquals(503, health.statusCode(), health.body());
                assertTrue(health.body().contains("\"status\":\"DOWN\""), health.body());

                ExecutorService stuck = Executors.newSingleThreadExecutor();
                stuck.submit(() -> {
                    new ServeJarIT.Browser(base).signIn("stuck@example.com");
                    return null;
                });
                Thread.sleep(1500);
                long start = System.nanoTime();
                app.process.destroy();
                assertTrue(app.awaitExit(Duration.ofSeconds(20)), "stopped:\n" + app.output());
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                assertTrue(seconds <= 13, "stopped within about 10 s, took " + seconds + " s");
                stuck.shutdownNow();
            } finally {
                db.dispose();
            }
        }
    }
}
