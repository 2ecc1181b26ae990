package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./dynauth} launcher at the repository root runs the built jar without building again. */
class LauncherIT {
    static final Path ROOT = Path.of(System.getProperty("dynauth.root", "..")).toAbsolutePath().normalize();

    record Run(int code, String out, String err) {}

    static Run run(Path script, String... args) throws Exception {
        return run(script, java.util.Map.of(), args);
    }

    static Run run(Path script, java.util.Map<String, String> env, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = script.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // never build from inside the build: a stale jar is an error here
        pb.environment().put("DYNAUTH_NO_BUILD", "1");
        // the launcher's choice of JDK is the test's: none inherited from the build
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("NEXT_AUTH_AWS_")
                || k.equals("JAVA_HOME") || k.startsWith("DYNAUTH_"));
        pb.environment().put("DYNAUTH_NO_BUILD", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void runsTheJarWithTheArguments() throws Exception {
        Path script = ROOT.resolve("dynauth");
        assertTrue(Files.isExecutable(script), "./dynauth is committed executable: " + script);
        Run version = run(script, "--version");
        assertEquals(0, version.code(), version.toString());
        assertTrue(version.out().startsWith("dynauth "), version.toString());
        assertEquals("", version.err(), "no build, no noise");

        Run bad = run(script, "users", "show");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().startsWith("dynauth: Missing required parameter"), bad.toString());
    }

    @Test
    void helpIsPrintedFromTheTextKeptForThisBuild(@TempDir Path dir) throws Exception {
        Path launcher = LauncherCachesIT.copyOfTheLauncher(dir);
        Path kept = dir.resolve("dynauth-app/target/dynauth-cli/help/users_--help.false.txt");
        Run first = run(launcher, "users", "--help");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().startsWith("Usage: dynauth users "), first.toString());
        assertEquals("", first.err(), first.toString());
        assertEquals(first.out(), Files.readString(kept), "the text is kept as the JVM printed it");

        // later runs print the kept text (no JVM: what the file says is what comes out)
        Files.writeString(kept, "kept text\n");
        Run second = run(launcher, "users", "--help");
        assertEquals(new Run(0, "kept text\n", ""), second);

        // a usage error is never kept: it runs every time and says so on standard error
        Run error = run(launcher, "users", "lst");
        assertEquals(2, error.code(), error.toString());
        try (var files = Files.list(kept.getParent())) {
            assertEquals(java.util.List.of("users_--help.false.txt"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }

        // a new build (a newer jar) is extracted again, and its help printed by a JVM
        Files.setLastModifiedTime(dir.resolve("dynauth-app/target/dynauth.jar"), FileTime.from(Instant.now().plusSeconds(5)));
        Run rebuilt = run(launcher, "users", "--help");
        assertEquals(first, rebuilt);
    }

    @Test
    void aStaleJarIsDetected(@TempDir Path dir) throws Exception {
        // a copy of the launcher beside a jar older than a source file
        Files.copy(ROOT.resolve("dynauth"), dir.resolve("dynauth"));
        Path jar = Files.createDirectories(dir.resolve("dynauth-app/target")).resolve("dynauth.jar");
        Files.copy(ROOT.resolve("dynauth-app/target/dynauth.jar"), jar);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        Path source = Files.createDirectories(dir.resolve("dynauth-app/src/main/java")).resolve("New.java");
        Files.writeString(source, "class New {}");
        Run r = run(dir.resolve("dynauth"), "--version");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("older than the sources"), r.toString());

        Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(7200)));
        Run fresh = run(dir.resolve("dynauth"), "--version");
        assertEquals(0, fresh.code(), "an up-to-date jar just runs: " + fresh);
    }

    /** A JDK home whose java logs its name to a file and runs this JVM's java: what the launcher chose shows. */
    static Path fakeJdk(Path dir, String name, String version, Path log) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho " + name + " >> '" + log + "'\nexec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
        return home;
    }

    @Test
    void runsOnTheNewestJdkItFindsUnlessJavaHomeNamesOne(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("java.log");
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        fakeJdk(jvms, "jdk-19", "19.0.2", log);
        fakeJdk(jvms, "jdk-111", "111", log);
        fakeJdk(jvms, "jdk-8", "1.8.0_402", log);
        Path jdk21 = fakeJdk(jvms, "jdk-21", "21.0.5", log);
        Files.createDirectories(jvms.resolve("not-a-jdk"));
        // the JDKs of the test's folder and the java on the PATH (17 or later here): 111 is the newest
        java.util.Map<String, String> env = java.util.Map.of("DYNAUTH_JDK_DIRS", jvms.toString(), "DYNAUTH_NO_CDS", "1");
        Run newest = run(ROOT.resolve("dynauth"), env, "--version");
        assertEquals(0, newest.code(), newest.toString());
        assertTrue(newest.out().startsWith("dynauth "), newest.toString());
        assertEquals(java.util.Set.of("jdk-111"), java.util.Set.copyOf(Files.readAllLines(log)));

        Files.delete(log);
        java.util.Map<String, String> home = new java.util.HashMap<>(env);
        home.put("JAVA_HOME", jdk21.toString());
        Run chosen = run(ROOT.resolve("dynauth"), home, "--version");
        assertEquals(0, chosen.code(), chosen.toString());
        assertEquals(java.util.Set.of("jdk-21"), java.util.Set.copyOf(Files.readAllLines(log)));

        home.put("JAVA_HOME", jvms.resolve("not-a-jdk").toString());
        Run wrong = run(ROOT.resolve("dynauth"), home, "--version");
        assertEquals(1, wrong.code(), wrong.toString());
        assertEquals("dynauth: JAVA_HOME is " + jvms.resolve("not-a-jdk") + ", which has no bin/java\n", wrong.err());
    }
}
