package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * dependencies. Its section "Beside a Next.js app" is samples/nextjs-and-spring, which NextJsBesideSpringIT runs: the
 * Auth.js configuration, the Spring properties, the pinned npm packages and the quick start's commands. The starter
 * README's WebMvc gateway route is samples/gateway-shared-with-nextjs's, which WebMvcGatewayIT runs.
 */
class ReadmeMatchesSamplesTest {

    private static final Path ROOT = Path.of(System.getProperty("dynauth.root", "..")).toAbsolutePath().normalize();
    private static final Path SAMPLE = ROOT.resolve("samples").resolve("spring-mvc-minimal");
    private static final Path BESIDE_NEXTJS = ROOT.resolve("samples").resolve("nextjs-and-spring");
    private static final Path WEBFLUX = ROOT.resolve("samples").resolve("spring-webflux-minimal");

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

    /**
     * The starter README's WebFlux section is samples/spring-webflux-minimal (which SamplesIT signs into): its one
     * dynauth starter dependency and its Netty pin, and no web-application-type property (none is needed).
     */
    @Test
    void theStarterReadmesWebFluxSectionHasTheWebFluxSampleDependency() throws Exception {
        String readme = Files.readString(ROOT.resolve("dynauth-spring-boot-starter").resolve("README.md"));
        int start = readme.indexOf("\n## WebFlux");
        assertTrue(start >= 0, "the starter README has a section \"WebFlux\"");
        String section = normalized(readme.substring(start, readme.indexOf("\n## ", start + 1)));
        String pom = Files.readString(WEBFLUX.resolve("pom.xml"));
        String direct = pom.replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", "");
        List<String> starters = blocks(blocks(direct, "dependencies").get(0), "dependency").stream()
                .filter(d -> d.contains("<artifactId>dynauth-spring-boot-starter")).toList();
        assertEquals(List.of(normalized("""
                <dependency>
                <groupId>dev.dynauth</groupId>
                <artifactId>dynauth-spring-boot-starter-webflux</artifactId>
                </dependency>""")), starters, "the sample depends on the WebFlux starter alone");
        assertTrue(section.contains(starters.get(0)), "the section must show the sample's\n" + starters.get(0));
        Matcher netty = Pattern.compile("<netty.version>[^<]+</netty.version>").matcher(pom);
        assertTrue(netty.find() && section.contains(netty.group()), "the section must name the sample's Netty pin");
        assertFalse(Files.exists(WEBFLUX.resolve("src/main/resources/application.properties")),
                "the sample needs no properties (no web-application-type)");
    }

    @Test
    void theStarterReadmeShowsTheWebMvcGatewaysRouteAsTheSampleHasIt() throws Exception {
        String readme = normalized(Files.readString(ROOT.resolve("dynauth-spring-boot-starter").resolve("README.md")));
        String app = Files.readString(ROOT.resolve("samples/gateway-shared-with-nextjs/gateway-mvc/src/main/java/com/"
                + "example/gatewaymvc/GatewayMvcApplication.java"));
        Matcher route = Pattern.compile("(?s)\n    @Bean\n    RouterFunction<ServerResponse> serviceApi.*?\n    }\n")
                .matcher(app);
        assertTrue(route.find(), "gateway-mvc's GatewayMvcApplication has the route serviceApi");
        assertTrue(readme.contains(normalized(route.group())),
                "the starter README's WebMvc gateway must show gateway-mvc's serviceApi route as it is");
    }

    /** The README's section "Beside a Next.js app", up to the next top-level section. */
    private static String besideNextJs() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Beside a Next.js app\n");
        assertTrue(start >= 0, "README.md has a top-level section \"Beside a Next.js app\"");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    @Test
    void theNextJsSectionHasTheSampleAuthConfigAndSpringPropertiesWordForWord() throws Exception {
        String section = besideNextJs();
        String auth = Files.readString(BESIDE_NEXTJS.resolve("nextjs/auth.js"));
        assertTrue(section.contains("```js\n" + auth + "```"), "the section must show nextjs/auth.js as it is");
        String properties = Files.readString(BESIDE_NEXTJS.resolve("src/main/resources/application.properties"));
        assertTrue(section.contains("```properties\n" + properties + "```"),
                "the section must show the Spring service's application.properties as it is");
    }

    @Test
    void theNextJsSectionPinsEveryPackageTheSampleLocks() throws Exception {
        String section = besideNextJs();
        String pkg = Files.readString(BESIDE_NEXTJS.resolve("nextjs/package.json"));
        String deps = pkg.substring(pkg.indexOf("\"dependencies\""));
        deps = deps.substring(0, deps.indexOf('}'));
        Matcher dep = Pattern.compile("\"([^\"]+)\": \"([^\"]+)\"").matcher(deps);
        int count = 0;
        while (dep.find()) {
            count++;
            assertTrue(dep.group(2).matches("\\d[\\w.-]*"), "package.json pins " + dep.group(1) + " exactly: " + dep.group(2));
            assertTrue(section.contains(dep.group(1) + "@" + dep.group(2)), "the section must pin " + dep.group(1) + "@"
                    + dep.group(2));
        }
        assertEquals(7, count, "next, react, react-dom, next-auth, the adapter and the two AWS SDK packages: " + deps);
        assertTrue(Files.isRegularFile(BESIDE_NEXTJS.resolve("nextjs/package-lock.json")), "the lock file is committed");
    }

    @Test
    void theNextJsQuickStartRunsWhatTheSampleHas() throws Exception {
        String section = besideNextJs();
        // the commands NextJsBesideSpringIT runs, as a reader types them
        for (String command : List.of("mvn -B install -DskipTests",
                "./dynauth local --env-file samples/nextjs-and-spring/nextjs/.env.local",
                "cd samples/nextjs-and-spring/nextjs\nnpm ci && npm run build && AUTH_URL=http://localhost:3000 npm start",
                "cd samples/nextjs-and-spring\nset -a && . nextjs/.env.local && set +a && mvn -B spring-boot:run")) {
            assertTrue(section.contains(command), "the quick start must say\n" + command);
        }
        String pkg = Files.readString(BESIDE_NEXTJS.resolve("nextjs/package.json"));
        assertTrue(pkg.contains("\"build\": \"next build\"") && pkg.contains("\"start\": \"next start\""), pkg);
        // the written settings stay out of git
        assertTrue(Files.readAllLines(BESIDE_NEXTJS.resolve("nextjs/.gitignore")).contains(".env*.local"));
        // spring-boot:run needs the plugin
        assertTrue(Files.readString(BESIDE_NEXTJS.resolve("pom.xml")).contains("<artifactId>spring-boot-maven-plugin</artifactId>"));
    }
}
