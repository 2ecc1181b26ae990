package dev.dynauth.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs installed beside the one running the build, found by their {@code release} file rather than by a
 * hard-coded path: the samples also build and sign in on the newest long-term-support JDK of the machine.
 */
final class Jdks {

    /** Where JDKs are installed: Debian and Ubuntu packages and most vendors' packages, macOS, SDKMAN. */
    private static final List<String> PLACES = List.of("/usr/lib/jvm", "/usr/java", "/opt/java",
            "/Library/Java/JavaVirtualMachines", System.getProperty("user.home") + "/.sdkman/candidates/java");
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)(?:\\.[^\"]*)?\"");

    /** A JDK home and its feature release (17, 21, 25, ...). */
    record Jdk(Path home, int feature) {
        Path java() {
            return home.resolve("bin").resolve("java");
        }
    }

    private Jdks() {}

    /** Long-term support: 8, 11, then every fourth release from 17 on (17, 21, 25, 29, ...). */
    static boolean isLts(int feature) {
        return feature == 8 || feature == 11 || (feature >= 17 && (feature - 17) % 4 == 0);
    }

    /**
     * The newest LTS JDK (with javac: Maven compiles with it) whose feature release is above {@code floor}; the
     * system property {@code dynauth.samples.jdk} names one instead of looking.
     */
    static Optional<Jdk> newestLtsAbove(int floor) {
        String named = System.getProperty("dynauth.samples.jdk", "");
        List<Path> homes = new ArrayList<>();
        if (!named.isBlank()) {
            homes.add(Path.of(named));
        } else {
            for (String place : PLACES) {
                homes.addAll(children(Path.of(place)));
            }
        }
        return homes.stream().map(Jdks::describe).flatMap(Optional::stream)
                .filter(jdk -> isLts(jdk.feature()) && jdk.feature() > floor)
                .max(Comparator.comparingInt(Jdk::feature));
    }

    /** Where {@link #newestLtsAbove} looked: for the message of a skipped run. */
    static String whereLooked() {
        String named = System.getProperty("dynauth.samples.jdk", "");
        return named.isBlank() ? String.join(", ", PLACES) : "dynauth.samples.jdk=" + named;
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            // macOS keeps the home one level down
            return entries.map(p -> Files.isDirectory(p.resolve("Contents/Home")) ? p.resolve("Contents/Home") : p)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Jdk> describe(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("javac"))) {
            return Optional.empty();
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(release));
            if (!m.find()) {
                return Optional.empty();
            }
            // 1.8 is Java 8
            int first = Integer.parseInt(m.group(1));
            int feature = first == 1 ? 8 : first;
            return Optional.of(new Jdk(home.toRealPath(), feature));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
