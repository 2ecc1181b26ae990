package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the samples as a user would, against a throwaway local repository (target/samples-repo) holding this
 * build's dev.dynauth artifacts, installed by Maven's own install-file. Everything else comes from the user's local
 * repository of this build (declared as a file:// repository, so nothing is downloaded twice) or Maven Central.
 */
final class SampleBuild {

    static final Path ROOT = Path.of(System.getProperty("dynauth.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = required("dynauth.version");
    private static final Path WORK = Path.of(System.getProperty("dynauth.samples.work", "target")).toAbsolutePath();
    static final Path REPO = WORK.resolve("samples-repo");
    private static final Path SETTINGS = WORK.resolve("samples-settings.xml");
    private static final long MAVEN_TIMEOUT_MINUTES = 10;

    /**
     * The artifacts a user gets: the parent pom, the modules the samples depend on (the starter brings
     * dynauth-jwt) and the conformance suite (dynauth-interop's tests use it).
     */
    private static final List<String> MODULES = List.of("dynauth-core", "dynauth-local", "dynauth-jwt",
            "dynauth-testkit", "dynauth-spring-boot-starter", "dynauth-spring-boot-starter-webflux");

    private static final Pattern BOOT_PARENT = Pattern.compile(
            "<artifactId>spring-boot-starter-parent</artifactId>\\s*<version>([^<]+)</version>");

    private static boolean installed;

    private SampleBuild() {}

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run this test through Maven (mvn -B verify)");
        }
        return value;
    }

    /**
     * Installs this build's artifacts into the throwaway repository: once per test run, and only when they changed
     * since the last install (the unit tests' JVM and the integration tests' JVM of one build need one install), with
     * one Maven run of install-file executions (a Maven start per file cost the build seconds each).
     */
    static synchronized void installArtifacts() throws Exception {
        if (installed) {
            return;
        }
        Files.createDirectories(REPO);
        String userRepo = Path.of(required("dynauth.samples.user-repository")).toUri().toString();
        Files.writeString(SETTINGS, """
                <settings>
                  <profiles>
                    <profile>
                      <id>user-repository</id>
                      <repositories>
                        <repository><id>user-repository</id><url>%1$s</url>
                          <snapshots><enabled>false</enabled></snapshots></repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository><id>user-repository</id><url>%1$s</url>
                          <snapshots><enabled>false</enabled></snapshots></pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>user-repository</activeProfile></activeProfiles>
                </settings>
                """.formatted(userRepo));
        // file, POM, packaging: the parent POM; the BOM as a user gets it, the flattened POM the build installs and
        // deploys (no parent); the modules' jars
        List<List<Path>> artifacts = new ArrayList<>();
        List<String> packagings = new ArrayList<>();
        artifacts.add(List.of(ROOT.resolve("pom.xml"), ROOT.resolve("pom.xml")));
        packagings.add("pom");
        Path bom = ROOT.resolve("dynauth-bom").resolve("target").resolve("dynauth-bom-" + VERSION + ".pom");
        assertTrue(Files.isRegularFile(bom), bom + " was not built: run the samples through `mvn -B verify`");
        artifacts.add(List.of(bom, bom));
        packagings.add("pom");
        for (String module : MODULES) {
            Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
            assertTrue(Files.isRegularFile(jar), jar + " was not built: run the samples through `mvn -B verify`");
            artifacts.add(List.of(jar, ROOT.resolve(module).resolve("pom.xml")));
            packagings.add("jar");
        }
        StringBuilder stamp = new StringBuilder();
        StringBuilder executions = new StringBuilder();
        for (int i = 0; i < artifacts.size(); i++) {
            Path file = artifacts.get(i).get(0);
            Path pom = artifacts.get(i).get(1);
            stamp.append(file).append(' ').append(Files.size(file)).append(' ').append(Files.getLastModifiedTime(file))
                    .append(' ').append(pom).append(' ').append(Files.getLastModifiedTime(pom)).append('\n');
            executions.append("""
                    <execution><id>install-%d</id><phase>validate</phase><goals><goal>install-file</goal></goals>
                      <configuration><file>%s</file><pomFile>%s</pomFile><packaging>%s</packaging></configuration>
                    </execution>
                    """.formatted(i, file, pom, packagings.get(i)));
        }
        Path marker = REPO.resolve("dynauth-installed.txt");
        if (!Files.isRegularFile(marker) || !Files.readString(marker).contentEquals(stamp)) {
            Path installer = Files.createDirectories(WORK.resolve("samples-install"));
            Files.writeString(installer.resolve("pom.xml"), """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <groupId>dev.dynauth.samples-it</groupId>
                      <artifactId>install-dynauth</artifactId>
                      <version>1</version>
                      <packaging>pom</packaging>
                      <build><plugins><plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-install-plugin</artifactId>
                        <version>3.1.3</version>
                        <executions>
                    %s    </executions>
                      </plugin></plugins></build>
                    </project>
                    """.formatted(executions));
            maven(installer, "install-dynauth-artifacts", "validate");
            Files.writeString(marker, stamp);
        }
        installed = true;
    }

    /** Copies samples/{name} out of the source tree and builds it with {@code mvn package}; returns its copy. */
    static Path build(String name) throws Exception {
        return build(name, name, Optional.empty(), Map.of());
    }

    /**
     * As {@link #build(String)}, into target/samples/{copyName}: with the Spring Boot parent of the copy's pom set to
     * {@code bootParent} when given (a user who has not moved to the version the sample names), and Maven run with
     * {@code env} (JAVA_HOME: another JDK).
     */
    static Path build(String name, String copyName, Optional<String> bootParent, Map<String, String> env)
            throws Exception {
        installArtifacts();
        Path source = ROOT.resolve("samples").resolve(name);
        String pom = Files.readString(source.resolve("pom.xml"));
        Matcher version = Pattern.compile("<dynauth.version>([^<]+)</dynauth.version>").matcher(pom);
        assertTrue(version.find(), "samples/" + name + "/pom.xml declares no dynauth.version");
        assertEquals(VERSION, version.group(1), "samples/" + name + "/pom.xml must use this build's version");
        Path copy = WORK.resolve("samples").resolve(copyName);
        delete(copy);
        copyTree(source, copy);
        if (bootParent.isPresent()) {
            Matcher parent = BOOT_PARENT.matcher(pom);
            assertTrue(parent.find(), "samples/" + name + "/pom.xml has no spring-boot-starter-parent");
            Files.writeString(copy.resolve("pom.xml"), new StringBuilder(pom)
                    .replace(parent.start(1), parent.end(1), bootParent.get()).toString());
        }
        Maven run = maven(copy, "build-" + copyName, env, "package");
        if (run.exit() != 0) {
            fail("build-" + copyName + " failed (" + run.command() + " in " + copy + "):\n" + run.tail());
        }
        return copy;
    }

    /** The executable jar that {@link #build} made. */
    static Path jar(Path sample) throws IOException {
        try (Stream<Path> files = Files.list(sample.resolve("target"))) {
            return files.filter(p -> p.toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no jar in " + sample.resolve("target")));
        }
    }

    private static void maven(Path dir, String what, String... goals) throws Exception {
        Maven run = maven(dir, what, Map.of(), goals);
        if (run.exit() != 0) {
            fail(what + " failed (" + run.command() + " in " + dir + "):\n" + run.tail());
        }
    }

    /** One Maven run against the throwaway repository: exit code and output (also in target/{what}.log). */
    record Maven(String command, int exit, String output) {
        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    /** Runs Maven in {@code dir} with the throwaway repository (the artifacts installed first). */
    static Maven maven(Path dir, String what, Map<String, String> env, String... goals) throws Exception {
        List<String> command = new ArrayList<>(List.of(mvn(), "-B", "-s", SETTINGS.toString(),
                "-Dmaven.repo.local=" + REPO));
        command.addAll(List.of(goals));
        Path log = WORK.resolve(what + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(MAVEN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(what + ": Maven did not finish within " + MAVEN_TIMEOUT_MINUTES + " min; see " + log);
        }
        return new Maven(String.join(" ", command), p.exitValue(), Files.readString(log));
    }

    private static String mvn() {
        String home = System.getProperty("dynauth.samples.maven-home");
        if (home != null && !home.isBlank()) {
            Path mvn = Path.of(home, "bin", "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn.toString();
            }
        }
        return "mvn";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path rel = from.relativize(p);
                // what a build or npm made in the source tree (a developer's run of the sample) is not the sample
                // (whole names: the route folder "[...nextauth]" is part of it, the build output ".next" is not)
                if (rel.toString().startsWith("target") || rel.toString().contains("node_modules")
                        || java.util.stream.StreamSupport.stream(rel.spliterator(), false)
                                .anyMatch(name -> name.toString().equals(".next"))) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
