package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parent's central-metadata rule (maven-enforcer-plugin) on a new module that forgets what Maven Central needs:
 * the build fails and says what is missing; a module marked as not published (dynauth.publish.skip) is not checked.
 */
class CentralMetadataRuleTest {

    private static SampleBuild.Maven validate(String name, String elements) throws Exception {
        SampleBuild.installArtifacts();
        Path dir = SampleBuild.REPO.resolveSibling("metadata-probe").resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pom.xml"), """
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
                """.formatted(SampleBuild.VERSION, dir.relativize(SampleBuild.ROOT.resolve("pom.xml")), name, elements));
        return SampleBuild.maven(dir, "metadata-" + name, Map.of(), "validate");
    }

    @Test
    void aModuleThatNamesAndDescribesItselfPasses() throws Exception {
        SampleBuild.Maven run = validate("complete", "<name>dynauth-complete</name><description>d</description>");
        assertEquals(0, run.exit(), run.tail());
        assertTrue(run.output().contains("central-metadata"), "the rule ran:\n" + run.tail());
    }

    @Test
    void aPublishedModuleWithoutDescriptionFails() throws Exception {
        SampleBuild.Maven run = validate("no-description", "<name>dynauth-no-description</name>");
        assertNotEquals(0, run.exit(), run.tail());
        assertTrue(run.output().contains("A published module describes itself"), run.tail());
    }

    @Test
    void aPublishedModuleWithoutNameFails() throws Exception {
        SampleBuild.Maven run = validate("no-name", "<description>d</description>");
        assertNotEquals(0, run.exit(), run.tail());
        assertTrue(run.output().contains("A published module names itself"), run.tail());
    }

    @Test
    void aLicenseWithoutUrlFails() throws Exception {
        SampleBuild.Maven run = validate("license-without-url", """
                <name>dynauth-license-without-url</name><description>d</description>
                <licenses><license><name>Apache-2.0</name></license></licenses>""");
        assertNotEquals(0, run.exit(), run.tail());
        assertTrue(run.output().contains("Maven Central needs <licenses> with a url"), run.tail());
    }

    @Test
    void aModuleMarkedAsNotPublishedIsNotChecked() throws Exception {
        SampleBuild.Maven run = validate("unpublished",
                "<properties><dynauth.publish.skip>true</dynauth.publish.skip></properties>");
        assertEquals(0, run.exit(), run.tail());
    }
}
