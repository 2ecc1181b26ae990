package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn -B install -DskipTests} installs the artifacts without Node and without the npm registry: the
 * {@code npm ci} of interop/ (modules dynauth-interop and bench) runs only when tests run. Checked on the
 * execution itself, with the profile that holds it forced on (it is on by itself when interop/node_modules is
 * missing) and an {@code npm} on the PATH that only reports that it was called. The modules' dev.dynauth
 * dependencies come from the samples' throwaway repository.
 */
class NoNpmWithoutTestsTest {

    private static final String CALLED = "FAKE-NPM-CALLED";

    private static SampleBuild.Maven npmCi(String module, String... properties) throws Exception {
        SampleBuild.installArtifacts();
        Path bin = SampleBuild.REPO.resolveSibling("fake-npm-bin");
        Files.createDirectories(bin);
        Path npm = bin.resolve("npm");
        Files.writeString(npm, "#!/bin/sh\necho " + CALLED + " \"$@\"\nexit 3\n");
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        String[] goals = new String[properties.length + 5];
        goals[0] = "-P";
        goals[1] = "npm-install";
        goals[2] = "-pl";
        goals[3] = module;
        System.arraycopy(properties, 0, goals, 4, properties.length);
        goals[goals.length - 1] = "org.codehaus.mojo:exec-maven-plugin:3.5.0:exec@npm-ci";
        return SampleBuild.maven(SampleBuild.ROOT, "npm-ci-" + module + String.join("", properties),
                Map.of("PATH", bin + ":" + System.getenv("PATH")), goals);
    }

    @Test
    void skippedTestsSkipNpm() throws Exception {
        for (String module : new String[] {"dynauth-interop", "bench"}) {
            SampleBuild.Maven run = npmCi(module, "-DskipTests");
            assertEquals(0, run.exit(), run.tail());
            assertFalse(run.output().contains(CALLED), "npm ran with -DskipTests in " + module + ":\n" + run.tail());
        }
        SampleBuild.Maven run = npmCi("dynauth-interop", "-Dmaven.test.skip=true");
        assertEquals(0, run.exit(), run.tail());
        assertFalse(run.output().contains(CALLED), run.tail());
    }

    @Test
    void testsThatRunGetTheirNpmPackages() throws Exception {
        // the same command without -DskipTests reaches npm: the check above can fail
        SampleBuild.Maven run = npmCi("dynauth-interop");
        assertTrue(run.output().contains(CALLED + " ci --no-audit --no-fund"), run.tail());
        assertEquals(1, run.exit(), run.tail());
    }
}
