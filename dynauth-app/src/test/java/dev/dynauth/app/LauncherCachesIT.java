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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher's start-up caches: made once per build and JDK (in the background, or first with
 * DYNAUTH_CACHE_WAIT), then used: JDK 25's ahead-of-time cache and JDK 17's class data sharing archive, for
 * admin commands and for serve, which works the same with them and with the launcher's memory settings.
 * The JDKs of this project's machines (dynauth.jdk17 / dynauth.jdk25 name others).
 */
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
    void adminCommandsGetAnAheadOfTimeCacheOnJdk25(@TempDir Path dir) throws Exception {
        Path launcher = copyOfTheLauncher(dir);
        String data = dir.resolve("nothing-here").toString();
        // made first, in the foreground (LauncherIT shows the background making, with JDK 17's archive)
        Map<String, String> jdk25 = Map.of("JAVA_HOME", jdk("25").toString(), "DYNAUTH_CACHE_WAIT", "1");
        LauncherIT.Run first = LauncherIT.run(launcher, jdk25, "users", "list", "--data-dir", data);
        assertEquals(1, first.code(), first.toString());
        assertTrue(first.err().startsWith("dynauth: no dynauth data in ") && first.err().strip().lines().count() == 1,
                "one line, the command's own; the cache is made without a word: " + first);

        awaitCache(dir.resolve("dynauth-app/target/dynauth-cli"), "cli-25-", ".aot");
        // later commands load their classes from it (the JVM says so when asked) and answer the same
        LauncherIT.Run second = LauncherIT.run(launcher, Map.of("JAVA_HOME", jdk("25").toString(),
                "DYNAUTH_JAVA_OPTS", "-Xlog:class+load=info"), "users", "list", "--data-dir", data);
        assertEquals(1, second.code(), second.toString());
        assertTrue(second.out().contains("dev.dynauth.app.Main source: shared objects file"), second.out());
        assertEquals(first.err(), second.err());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"25", "17"})
    void serveStartsFromItsCacheAndSignsPeopleIn(String version, @TempDir Path dir) throws Exception {
        Path launcher = copyOfTheLauncher(dir);
        List<String> serve = List.of("bash", launcher.toString(), "serve", "--in-memory", "--port", "0");
        // the first start makes the cache first (in the foreground, as benchmarks ask), then serves
        try (ServeJarIT.Running s = new ServeJarIT.Running(dir, Map.of("JAVA_HOME", jdk(version).toString(),
                "DYNAUTH_CACHE_WAIT", "1", "DYNAUTH_NO_BUILD", "1"), serve)) {
            s.await(ServeJarIT.SERVING, Duration.ofMinutes(30));
        }
        String suffix = version.equals("25") ? ".aot" : ".jsa";
        Path cache = awaitCache(dir.resolve("dynauth-app/target/dynauth-cli"), "serve-" + version + "-", suffix);
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
