package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parent's central-metadata rule (maven-enforcer-plugin) on new modules that forget what Maven Central needs:
 * the build fails for each and says what is missing; a complete module passes, and one marked as not published
 * (dynauth.publish.skip) is not checked. One Maven run over all of them (--fail-at-end).
 */
class CentralMetadataRuleTest {

    /** Each probe module: its name and what its pom says besides parent and artifactId. */
    private static final Map<String, String> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put("complete", "<name>dynauth-complete</name><description>d</description>");
        MODULES.put("no-description", "<name>dynauth-no-description</name>");
        MODULES.put("no-name", "<description>d</description>");
        MODULES.put("license-without-url", "<name>dynauth-license-without-url</name><description>d</description>"
                + "<licenses><license><name>Apache-2.0</name></license></licenses>");
        MODULES.put("unpublished", "<name>dynauth-unpublished</name>"
                + "<properties><dynauth.publish.skip>true</dynauth.publish.skip></properties>");
    }

    private static SampleBuild.Maven run;

    @BeforeAll
    static void validateEveryProbe() throws Exception {
        SampleBuild.installArtifacts();
        Path dir = SampleBuild.REPO.resolveSibling("metadata-probe");
        StringBuilder modules = new StringBuilder();
        for (Map.Entry<String, String> module : MODULES.entrySet()) {
            Path moduleDir = dir.resolve(module.getKey());
            Files.createDirectories(moduleDir);
            Files.writeString(moduleDir.resolve("pom.xml"), """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <parent>
                        <groupId>dev.dynauth</groupId>
                        <artifactId>dynauth-parent</artifactId>
                        <version>%s</version>
                        <relativePath>%s</relativePath>
                      </parent>
                      <artifactId>dynauth-%s</artifactId>
                      %s
                    </project>
                    """.formatted(SampleBuild.VERSION, moduleDir.relativize(SampleBuild.ROOT.resolve("pom.xml")),
                    module.getKey(), module.getValue()));
            modules.append("<module>").append(module.getKey()).append("</module>");
        }
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>probe</groupId>
                  <artifactId>metadata-probe</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <modules>%s</modules>
                </project>
                """.formatted(modules));
        run = SampleBuild.maven(dir, "metadata-probe", Map.of(), "--fail-at-end", "validate");
    }

    /** The error block Maven prints at the end for one failed module. */
    private static String failureOf(String module) {
        String marker = "on project dynauth-" + module + ":";
        int at = run.output().indexOf(marker);
        assertTrue(at >= 0, "dynauth-" + module + " should have failed the rule:\n" + run.tail());
        int next = run.output().indexOf("Failed to execute goal", at + marker.length());
        return run.output().substring(at, next < 0 ? run.output().length() : next);
    }

    private static void assertPassed(String module) {
        assertFalse(run.output().contains("on project dynauth-" + module + ":"), run.tail());
        Pattern summary = Pattern.compile("(?m)^\\[INFO\\] dynauth-" + module + "( \\S+)? \\.+ SUCCESS");
        assertTrue(summary.matcher(run.output()).find(), "dynauth-" + module + " passes:\n" + run.tail());
    }

    @Test
    void aModuleThatNamesAndDescribesItselfPasses() {
        assertNotEquals(0, run.exit(), "the others fail the build");
        assertPassed("complete");
    }

    @Test
    void aPublishedModuleWithoutDescriptionFails() {
        assertTrue(failureOf("no-description").contains("A published module describes itself"), run.tail());
    }

    @Test
    void aPublishedModuleWithoutNameFails() {
        assertTrue(failureOf("no-name").contains("A published module names itself"), run.tail());
    }

    @Test
    void aLicenseWithoutUrlFails() {
        assertTrue(failureOf("license-without-url").contains("Maven Central needs <licenses> with a url"), run.tail());
    }

    @Test
    void aModuleMarkedAsNotPublishedIsNotChecked() {
        assertPassed("unpublished");
    }
}
