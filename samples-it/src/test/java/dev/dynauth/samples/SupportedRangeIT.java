package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The range the README promises, on the minimal sample (SamplesIT runs it on the Spring Boot version it names and on
 * the build's Java 17): once more with the parent overridden to the previous Boot line (a user who has not moved
 * yet), and once more built and run on the newest LTS JDK of the machine. Each prints how long it took, the time
 * these runs add to the build.
 */
class SupportedRangeIT {

    private static final String SAMPLE = "spring-mvc-minimal";
    /** Spring Boot's start-up line: "Starting MinimalApplication v0.0.1-SNAPSHOT using Java 25.0.3 with PID ...". */
    private static final Pattern JAVA_VERSION = Pattern.compile("Starting \\S+ .*using Java (\\d+)");

    @Test
    void theMinimalSampleBuildsAndSignsInOnThePreviousSpringBootLine() throws Exception {
        String boot = SampleBuild.required("dynauth.samples.previous-boot");
        Instant start = Instant.now();
        Path sample = SampleBuild.build(SAMPLE, SAMPLE + "-boot-" + boot, Optional.of(boot), Map.of());
        try (JarFile jar = new JarFile(SampleBuild.jar(sample).toFile())) {
            assertNotNull(jar.getEntry("BOOT-INF/lib/spring-boot-" + boot + ".jar"),
                    "the sample is packaged with the Spring Boot its parent was set to");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try (RunningProcess app = SamplesIT.startJar(java, sample, Map.of())) {
            SamplesIT.helloAfterMagicLink(app);
        }
        report("on Spring Boot " + boot, start);
    }

    @Test
    void theMinimalSampleBuildsAndSignsInOnTheNewestLtsJdk() throws Exception {
        int running = Runtime.version().feature();
        Optional<Jdks.Jdk> jdk = Jdks.newestLtsAbove(running);
        if (jdk.isEmpty()) {
            // a printed skip, not an assumption: the run passes and says why it did nothing
            System.out.println("[samples-it] SKIPPED the minimal sample on a newer LTS JDK: no LTS JDK (with javac) "
                    + "above Java " + running + " in " + Jdks.whereLooked());
            return;
        }
        Jdks.Jdk newest = jdk.get();
        Instant start = Instant.now();
        Path sample = SampleBuild.build(SAMPLE, SAMPLE + "-jdk-" + newest.feature(), Optional.empty(),
                Map.of("JAVA_HOME", newest.home().toString()));
        try (RunningProcess app = SamplesIT.startJar(newest.java(), sample, Map.of())) {
            assertEquals(String.valueOf(newest.feature()), app.await(JAVA_VERSION, 0, Duration.ofMinutes(3)).group(1),
                    "the sample runs on " + newest.home());
            SamplesIT.helloAfterMagicLink(app);
        }
        report("on Java " + newest.feature() + " (" + newest.home() + ")", start);
    }


    private static void report(String what, Instant start) {
        System.out.printf("[samples-it] %s built and signed in %s in %d s%n", SAMPLE, what,
                Duration.between(start, Instant.now()).toSeconds());
    }
}
