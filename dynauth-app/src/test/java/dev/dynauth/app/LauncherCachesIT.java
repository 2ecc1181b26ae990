package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import dev.dynauth.local.DynamoDbLocalServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher's start-up caches: made once per build and JDK (in the background, or first with
 * DYNAUTH_CACHE_WAIT), then used: JDK 25's ahead-of-time cache and JDK 17's class data sharing archive, for
 * admin commands and for serve, which works the same with them and with the launcher's memory settings.
 * The JDKs of this project's machines (dynauth.jdk17 / dynauth.jdk25 name others).
 *
 * <p>The tests share one copy of the launcher and the jar, extracted once ({@link #sharedLauncher}): each makes a
 * cache of its own name (kind and JDK) in it, so they run at the same time, beside the other IT classes (a training
 * is mostly one busy thread, and the other classes mostly wait for a process; failsafe enables JUnit's parallel
 * mode, this class alone asks for it). Nothing else uses the copy.
 */
@Execution(ExecutionMode.CONCURRENT)
class LauncherCachesIT {
    static final Path JDK17 = Path.of(System.getProperty("dynauth.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"));
    static final Path JDK25 = Path.of(System.getProperty("dynauth.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

    static Path jdk(String version) {
        Path home = version.equals("17") ? JDK17 : JDK25;
        assertTrue(Files.isExecutable(home.resolve("bin/java")), "a JDK " + version + " at " + home);
        return home;
    }

    /** A copy of the launcher beside a copy of the jar: this build's own extracted copy and caches stay as they are. */
    static Path copyOfTheLauncher(Path dir) throws Exception {
        Files.copy(LauncherIT.ROOT.resolve("dynauth"), dir.resolve("dynauth"));
        Path jar = Files.createDirectories(dir.resolve("dynauth-app/target")).resolve("dynauth.jar");
        Files.copy(LauncherIT.ROOT.resolve("dynauth-app/target/dynauth.jar"), jar);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        return dir.resolve("dynauth");
    }

    private static Path shared;

    /**
     * The foreground trainings share it; the background one (niced, and given up after 10 minutes by the launcher)
     * has it alone, so it never races three unniced trainings against its time limit.
     */
    static final String TRAINING = "dynauth.launcher.training";

    /**
     * The launcher and jar copied once per test run (into target/launcher-caches, emptied first: no cache of an
     * earlier run) and extracted by a first run of the launcher, before the tests run it at the same time (two
     * launchers extracting at once would replace each other's copy under a running training).
     */
    static synchronized Path sharedLauncher() throws Exception {
        if (shared == null) {
            Path dir = LauncherIT.ROOT.resolve("dynauth-app/target/launcher-caches");
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Path launcher = copyOfTheLauncher(Files.createDirectories(dir));
            LauncherIT.Run version = LauncherIT.run(launcher, "--version");
            assertEquals(0, version.code(), version.toString());
            assertTrue(Files.isRegularFile(dir.resolve("dynauth-app/target/dynauth-cli/.extracted")), "extracted");
            shared = launcher;
        }
        return shared;
    }

    /** The extracted copy of {@link #sharedLauncher}, where the caches are made. */
    static Path sharedCli() throws Exception {
        return sharedLauncher().resolveSibling("dynauth-app/target/dynauth-cli");
    }

    /**
     * The cache named {@code prefix*suffix} in the extracted copy, once its training has ended: 30 minutes at most
     * (a training takes a minute or two of one core; on this project's machine with seven engineers' builds, 10 and more).
     */
    static Path awaitCache(Path cli, String prefix, String suffix) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> files = Files.list(cli)) {
                List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
                assertFalse(names.stream().anyMatch(n -> n.endsWith(".failed")), "the training failed: " + names);
                var made = names.stream().filter(n -> n.endsWith(suffix)).findFirst();
                if (made.isPresent() && names.stream().noneMatch(n -> n.endsWith(".training"))) {
                    return cli.resolve(made.get());
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + prefix + "*" + suffix + " in " + cli + " within 30 minutes");
    }

    @Test
    @ResourceLock(value = TRAINING, mode = ResourceAccessMode.READ)
    void adminCommandsGetAnAheadOfTimeCacheOnJdk25(@TempDir Path dir) throws Exception {
        Path launcher = sharedLauncher();
        String data = dir.resolve("nothing-here").toString();
        // made first, in the foreground (the next test shows the background making, with JDK 17's archive)
        Map<String, String> jdk25 = Map.of("JAVA_HOME", jdk("25").toString(), "DYNAUTH_CACHE_WAIT", "1");
        LauncherIT.Run first = LauncherIT.run(launcher, jdk25, "users", "list", "--data-dir", data);
        assertEquals(1, first.code(), first.toString());
        assertTrue(first.err().startsWith("dynauth: no dynauth data in ") && first.err().strip().lines().count() == 1,
                "one line, the command's own; the cache is made without a word: " + first);

        awaitCache(sharedCli(), "cli-25-", ".aot");
        // later commands load their classes from it (the JVM says so when asked) and answer the same
        LauncherIT.Run second = LauncherIT.run(launcher, Map.of("JAVA_HOME", jdk("25").toString(),
                "DYNAUTH_JAVA_OPTS", "-Xlog:class+load=info"), "users", "list", "--data-dir", data);
        assertEquals(1, second.code(), second.toString());
        assertTrue(second.out().contains("dev.dynauth.app.Main source: shared objects file"), second.out());
        assertEquals(first.err(), second.err());
    }

    @Test
    @ResourceLock(value = TRAINING, mode = ResourceAccessMode.READ_WRITE)
    void adminCommandsGetAClassDataSharingArchiveOncePerBuild(@TempDir Path dir) throws Exception {
        Path launcher = sharedLauncher();
        String data = dir.resolve("nothing-here").toString();
        // JDK 17's class data sharing archive, made in the background (JDK 25's ahead-of-time cache: above)
        Map<String, String> jdk17 = Map.of("JAVA_HOME", JDK17.toString());
        LauncherIT.Run first = LauncherIT.run(launcher, jdk17, "users", "list", "--data-dir", data);
        assertEquals(1, first.code(), first.toString());
        assertTrue(first.err().startsWith("dynauth: no dynauth data in ") && first.err().strip().lines().count() == 1,
                "one line, the command's own; the archive is made in the background without a word: " + first);
        assertEquals("", first.out(), first.toString());

        Path cli = sharedCli();
        Path archive = awaitCache(cli, "cli-17-", ".jsa");
        // the copy of DynamoDB Local's jar lost the Class-Path that names "." (JDK 17 refuses such a class path)
        try (Stream<Path> lib = Files.list(cli.resolve("lib"))) {
            Path ddb = lib.filter(p -> p.getFileName().toString().startsWith("DynamoDBLocal")).findFirst().orElseThrow();
            try (java.util.jar.JarFile f = new java.util.jar.JarFile(ddb.toFile())) {
                assertEquals(null, f.getManifest().getMainAttributes().getValue("Class-Path"));
                assertTrue(f.getEntry("software/amazon/dynamodb/services/local/main/ServerRunner.class") != null);
            }
        }
        // later commands map it (the JVM says so when asked) and answer the same
        LauncherIT.Run second = LauncherIT.run(launcher, Map.of("JAVA_HOME", JDK17.toString(),
                "DYNAUTH_JAVA_OPTS", "-Xlog:cds=info"), "users", "list", "--data-dir", data);
        assertEquals(1, second.code(), second.toString());
        assertTrue(second.out().contains("Mapped dynamic region"), second.toString());
        assertEquals(first.err(), second.err());
    }

    @Test
    @ResourceLock(value = TRAINING, mode = ResourceAccessMode.READ)
    void aTrainingKilledWithItsProcessIsStartedAgainRightAway(@TempDir Path dir) throws Exception {
        // a copy of its own: the marker below must not stop the other tests' trainings
        Path launcher = copyOfTheLauncher(Files.createDirectories(dir.resolve("tree")));
        assertEquals(0, LauncherIT.run(launcher, "--version").code());
        Path cli = dir.resolve("tree/dynauth-app/target/dynauth-cli");
        // what a training killed with the serve it was started beside leaves: its marker, naming a process that ended
        Process ended = new ProcessBuilder("true").start();
        assertEquals(0, ended.waitFor());
        Process id = new ProcessBuilder("bash", "-c", "{ printf '%s\\n' \"$1\"; cat \"$1/release\"; } | cksum | cut -d' ' -f1",
                "_", JDK17.toString()).start();
        String jdkId = "17-" + new String(id.getInputStream().readAllBytes()).strip();
        Path marker = Files.createDirectories(cli.resolve("cli-" + jdkId + ".training"));
        Files.writeString(marker.resolve("pid"), ended.pid() + "\n");

        // the next command starts the training again (before: nothing, for an hour) and answers as usual
        LauncherIT.Run run = LauncherIT.run(launcher, Map.of("JAVA_HOME", JDK17.toString()), "users", "list", "--data-dir",
                dir.resolve("none").toString());
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.err().startsWith("dynauth: no dynauth data in "), run.toString());
        // its marker names the new training, which runs (stopped here: making the archive is tested above)
        long training = -1;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline) && training < 0) {
            try {
                long pid = Long.parseLong(Files.readString(marker.resolve("pid")).strip());
                if (pid != ended.pid()) {
                    training = pid;
                }
            } catch (java.io.IOException | NumberFormatException notYet) {
                // the marker is made before its process id is written
            }
            Thread.sleep(100);
        }
        assertTrue(training > 0, "the killed training's marker was not replaced");
        var process = ProcessHandle.of(training);
        assertTrue(process.isPresent() || Files.isRegularFile(cli.resolve("cli-" + jdkId + ".jsa")), "no training runs");
        process.ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        });
    }

    @Test
    @ResourceLock(value = TRAINING, mode = ResourceAccessMode.READ)
    void serveAgainstAnEndpointHasACacheWithoutDynamoDbLocal(@TempDir Path dir) throws Exception {
        Path launcher = sharedLauncher();
        try (DynamoDbLocalServer db = DynamoDbLocalServer.builder().inMemory().start()) {
            List<String> serve = List.of("bash", launcher.toString(), "serve", "--endpoint", db.endpoint().toString(),
                    "--create-table", "--secret", "a secret for this test only", "--port", "0");
            try (ServeJarIT.Running s = new ServeJarIT.Running(dir, Map.of("JAVA_HOME", jdk("25").toString(),
                    "DYNAUTH_CACHE_WAIT", "1", "DYNAUTH_NO_BUILD", "1"), serve)) {
                s.await(ServeJarIT.SERVING, Duration.ofMinutes(30));
            }
            Path cache = awaitCache(sharedCli(), "serve-endpoint-25-", ".aot");
            assertTrue(Files.size(cache) > 0, cache.toString());

            try (ServeJarIT.Running s = new ServeJarIT.Running(dir, Map.of("JAVA_HOME", jdk("25").toString(),
                    "DYNAUTH_JAVA_OPTS", "-Xlog:class+load=info", "DYNAUTH_NO_BUILD", "1"), serve)) {
                String port = s.await(ServeJarIT.SERVING, Duration.ofMinutes(5)).group(1);
                String out = s.output();
                assertTrue(out.contains("dev.dynauth.app.web.ServerApp source: shared objects file"),
                        "serve's own classes come from its cache");
                // JDK 25 loads every class of a cache at start: none of DynamoDB Local's may be in this one
                assertFalse(out.contains("software.amazon.dynamodb.services.local."), "DynamoDB Local's classes were loaded");
                ServeJarIT.Browser browser = new ServeJarIT.Browser("http://127.0.0.1:" + port);
                assertEquals(200, browser.get("/health").statusCode());
                browser.signIn("endpoint@example.com");
                var account = browser.get("/account");
                assertEquals(200, account.statusCode());
                assertTrue(account.body().contains("endpoint@example.com"), account.body());
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ResourceLock(value = TRAINING, mode = ResourceAccessMode.READ)
    @ValueSource(strings = {"25", "17"})
    void serveStartsFromItsCacheAndSignsPeopleIn(String version, @TempDir Path dir) throws Exception {
        Path launcher = sharedLauncher();
        List<String> serve = List.of("bash", launcher.toString(), "serve", "--in-memory", "--port", "0");
        // the first start makes the cache first (in the foreground, as benchmarks ask), then serves
        try (ServeJarIT.Running s = new ServeJarIT.Running(dir, Map.of("JAVA_HOME", jdk(version).toString(),
                "DYNAUTH_CACHE_WAIT", "1", "DYNAUTH_NO_BUILD", "1"), serve)) {
            s.await(ServeJarIT.SERVING, Duration.ofMinutes(30));
        }
        String suffix = version.equals("25") ? ".aot" : ".jsa";
        Path cache = awaitCache(sharedCli(), "serve-" + version + "-", suffix);
        assertTrue(Files.size(cache) > 0, cache.toString());

        try (ServeJarIT.Running s = new ServeJarIT.Running(dir, Map.of("JAVA_HOME", jdk(version).toString(),
                "DYNAUTH_JAVA_OPTS", "-Xlog:class+load=info", "DYNAUTH_NO_BUILD", "1"), serve)) {
            String port = s.await(ServeJarIT.SERVING, Duration.ofMinutes(5)).group(1);
            assertTrue(s.output().contains("dev.dynauth.app.web.ServerApp source: shared objects file"),
                    "serve's own classes come from the cache");
            // DynamoDB Local's System.load of SQLite: JDK 22+ warns four lines unless the launcher grants native access
            assertFalse(s.output().contains("restricted method"), "no JVM warnings for a newcomer to puzzle over");
            ServeJarIT.Browser browser = new ServeJarIT.Browser("http://127.0.0.1:" + port);
            assertEquals(200, browser.get("/health").statusCode());
            browser.signIn("cached@example.com");
            var account = browser.get("/account");
            assertEquals(200, account.statusCode());
            assertTrue(account.body().contains("cached@example.com"), account.body());
        }
    }
}
