package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The POM of dynauth-bom as the build installs and deploys it (flattened): every published dynauth jar at this
 * version, nothing else (no parent whose dependency management would reach a user's build), and the Maven Central
 * metadata.
 */
class DynauthBomTest {

    private static final Path ROOT = SampleBuild.ROOT;

    /** The jar modules of the root pom that are published (no dynauth.publish.skip), by artifactId. */
    private static TreeSet<String> publishedJars() throws Exception {
        TreeSet<String> published = new TreeSet<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (module.find()) {
            String pom = Files.readString(ROOT.resolve(module.group(1)).resolve("pom.xml"));
            String own = pom.replaceFirst("(?s)<parent>.*?</parent>", "");
            Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(own);
            assertTrue(artifact.find(), module.group(1));
            if (!own.contains("<dynauth.publish.skip>true</dynauth.publish.skip>")
                    && !own.contains("<packaging>pom</packaging>")) {
                published.add(artifact.group(1));
            }
        }
        return published;
    }

    @Test
    void theBomManagesEveryPublishedJarAtThisVersionAndNothingElse() throws Exception {
        Path bom = ROOT.resolve("dynauth-bom/target/dynauth-bom-" + SampleBuild.VERSION + ".pom");
        assertTrue(Files.isRegularFile(bom), bom + " is made by the build (flatten-maven-plugin)");
        String xml = Files.readString(bom);
        assertFalse(xml.contains("<parent>"), "a user importing the BOM must not get the parent's dependency management");
        assertFalse(xml.contains("<build>"), xml);

        Matcher management = Pattern.compile("(?s)<dependencyManagement>(.*)</dependencyManagement>").matcher(xml);
        assertTrue(management.find(), xml);
        List<String> managed = new ArrayList<>();
        Matcher dependency = Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(management.group(1));
        while (dependency.find()) {
            String d = dependency.group(1);
            assertTrue(d.contains("<groupId>dev.dynauth</groupId>"), "only dynauth's own artifacts: " + d);
            assertTrue(d.contains("<version>${project.version}</version>") || d.contains(
                    "<version>" + SampleBuild.VERSION + "</version>"), "the BOM's own version: " + d);
            Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(d);
            assertTrue(artifact.find(), d);
            managed.add(artifact.group(1));
        }
        assertEquals(publishedJars(), new TreeSet<>(managed), "every published jar, once");
        assertEquals(managed.size(), new TreeSet<>(managed).size(), "each once: " + managed);

        for (String element : List.of("name", "description", "url", "licenses", "developers", "scm")) {
            assertTrue(Pattern.compile("<" + element + "[ >]").matcher(xml).find(),
                    "Maven Central needs <" + element + "> in\n" + xml);
        }
    }
}
