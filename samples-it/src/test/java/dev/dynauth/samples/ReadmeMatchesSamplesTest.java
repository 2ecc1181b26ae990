package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's minimal Spring Boot application is samples/spring-mvc-minimal, word for word, so that what SamplesIT
 * builds and signs into is what a reader copies: its class, its parent, its import of dynauth-bom and each of its
 * dependencies.
 */
class ReadmeMatchesSamplesTest {

    private static final Path ROOT = Path.of(System.getProperty("dynauth.root", "..")).toAbsolutePath().normalize();
    private static final Path SAMPLE = ROOT.resolve("samples").resolve("spring-mvc-minimal");

    /** Lines without their indentation, blank lines dropped: the README indents blocks differently. */
    private static String normalized(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    private static List<String> blocks(String text, String element) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("<" + element + ">.*?</" + element + ">", Pattern.DOTALL).matcher(text);
        while (m.find()) {
            found.add(normalized(m.group()));
        }
        return found;
    }

    @Test
    void theReadmeHasTheSampleClassWordForWord() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String app = Files.readString(SAMPLE.resolve("src/main/java/com/example/minimal/MinimalApplication.java"));
        assertTrue(readme.contains("```java\n" + app + "```"),
                "README.md must show samples/spring-mvc-minimal's MinimalApplication.java as it is");
    }

    @Test
    void theReadmeHasTheSampleParentAndEveryDependency() throws Exception {
        String readme = normalized(Files.readString(ROOT.resolve("README.md")));
        String pom = Files.readString(SAMPLE.resolve("pom.xml"));
        List<String> needed = new ArrayList<>(blocks(pom, "parent"));
        // dynauth's versions come from its BOM, as the README tells a user to import it
        List<String> management = blocks(pom, "dependencyManagement");
        assertEquals(1, management.size(), "the sample imports dynauth-bom");
        assertTrue(management.get(0).contains("<artifactId>dynauth-bom</artifactId>"), management.get(0));
        needed.addAll(management);
        String direct = pom.replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", "");
        String dependencies = blocks(direct, "dependencies").get(0);
        List<String> each = blocks(dependencies, "dependency");
        assertEquals(3, each.size(), "spring-boot-starter-web, the starter and dynauth-local: " + each);
        assertTrue(each.stream().noneMatch(d -> d.contains("<version>")), "versions from the parent and the BOM: " + each);
        needed.addAll(each);
        for (String block : needed) {
            assertTrue(readme.contains(block), "README.md lacks the sample's\n" + block);
        }
        Matcher version = Pattern.compile("<dynauth.version>[^<]+</dynauth.version>").matcher(pom);
        assertTrue(version.find());
        assertTrue(readme.contains(version.group()), "README.md must name the sample's " + version.group());
    }
}
