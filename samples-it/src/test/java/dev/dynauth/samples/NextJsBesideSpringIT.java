package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * samples/nextjs-and-spring as its README runs it: {@code dynauth local} for the shared table, the Next.js app
 * ({@code npm ci}, {@code next build}, {@code next start}) and the Spring service with the settings it printed,
 * then a person in Chromium, with database and with JWT sessions: signed in on Next.js is signed in on Spring;
 * signed out on Spring is signed out on Next.js; signed in on Spring is signed in on Next.js; signed out on
 * Next.js is signed out on Spring. The seconds each step took are printed (the CI cost of this test).
 */
class NextJsBesideSpringIT {
    private static final Duration START = Duration.ofMinutes(3);
    private static final Path JAR = Path.of(System.getProperty("dynauth.jar", "../dynauth-app/target/dynauth.jar"));
    private static final Pattern SETTING = Pattern.compile("^([A-Z_]+)=(\\S+)$");

    private static Path sample;
    private static RunningProcess local;
    private static final Map<String, String> settings = new LinkedHashMap<>();
    private static final Map<String, Long> seconds = new LinkedHashMap<>();

    @BeforeAll
    static void buildBothAppsAndStartTheSharedTable() throws Exception {
        long t = System.nanoTime();
        sample = SampleBuild.build("nextjs-and-spring");
        seconds.put("Spring service: mvn package", since(t));
        Path nextjs = sample.resolve("nextjs");
        t = System.nanoTime();
        run(nextjs, "npm-ci", "npm", "ci", "--no-audit", "--no-fund");
        seconds.put("Next.js: npm ci", since(t));
        t = System.nanoTime();
        run(nextjs, "next-build", "npm", "run", "build");
        seconds.put("Next.js: next build", since(t));

        Path data = sample.resolve("local-data");
        SampleBuild.delete(data);
        // as the README: the settings go to the Next.js app's .env.local, which the Spring service reads too
        Path envFile = nextjs.resolve(".env.local");
        ProcessBuilder pb = new ProcessBuilder(java(), "-jar", JAR.toAbsolutePath().toString(), "local",
                "--data-dir", data.toString(), "--port", Integer.toString(freePort()), "--env-file", envFile.toString())
                .directory(sample.toFile());
        pb.environment().put("DDB_LOCAL_TELEMETRY", "0");
        t = System.nanoTime();
        local = RunningProcess.start("dynauth-local", pb);
        local.await(Pattern.compile("^NEXT_AUTH_AWS_SECRET_KEY="), 0, START);
        seconds.put("dynauth local: start", since(t));
        for (String line : java.nio.file.Files.readAllLines(envFile)) {
            Matcher m = SETTING.matcher(line);
            if (m.matches()) settings.put(m.group(1), m.group(2));
        }
        assertEquals(List.of("AUTH_SECRET", "AUTH_DYNAMODB_TABLE", "DYNAMODB_ENDPOINT", "NEXT_AUTH_AWS_REGION",
                "NEXT_AUTH_AWS_ACCESS_KEY", "NEXT_AUTH_AWS_SECRET_KEY"), List.copyOf(settings.keySet()), local.tail());
    }

    @AfterAll
    static void stopTheTableAndReportTheCost() {
        if (local != null) local.close();
        StringBuilder report = new StringBuilder("NextJsBesideSpringIT seconds:");
        seconds.forEach((k, v) -> report.append("\n  ").append(k).append(": ").append(v));
        System.out.println(report);
    }

    @ParameterizedTest(name = "{0} sessions")
    @ValueSource(strings = {"database", "jwt"})
    void oneSignInAndOneSignOutForBothApps(String strategy) throws Exception {
        long t = System.nanoTime();
        int nextPort = freePort();
        String next = "http://localhost:" + nextPort;
        // Next.js reads .env.local itself; `set -a; . nextjs/.env.local` gives the Spring service the same
        Map<String, String> nextEnv = Map.of("AUTH_SESSION_STRATEGY", strategy, "AUTH_URL", next);
        Map<String, String> env = new HashMap<>(settings);
        env.put("AUTH_SESSION_STRATEGY", strategy);
        try (RunningProcess nextApp = start(sample.resolve("nextjs"), "next-start-" + strategy, nextEnv,
                "node", "node_modules/next/dist/bin/next", "start", "-p", Integer.toString(nextPort), "-H", "127.0.0.1");
             RunningProcess spring = start(sample, "spring-" + strategy, env, java(), "-jar",
                     SampleBuild.jar(sample).toString(), "--server.port=0")) {
            nextApp.await(Pattern.compile("Ready in"), 0, START);
            String service = "http://localhost:" + spring.await(Pattern.compile("Tomcat started on port (\\d+)"), 0, START)
                    .group(1);
            seconds.put(strategy + ": both apps started", since(t));
            t = System.nanoTime();
            ChromeDriver chrome = Chromium.start(sample.resolve("chrome-" + strategy));
            try {
                WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(30));
                String email = "grace-" + strategy + "@example.com";

                // signed in on Next.js (its own sign-in page, a magic link) -> signed in on Spring
                chrome.get(next + "/api/auth/signin");
                signIn(chrome, wait, nextApp, By.cssSelector("form[action$='/signin/email'] button"), email);
                assertSignedIn(chrome, next, email);
                assertSignedIn(chrome, service, email);

                // signed out on Spring -> signed out on Next.js
                chrome.findElement(By.id("sign-out")).click();
                wait.until(ExpectedConditions.not(ExpectedConditions.urlToBe(service + "/")));
                assertSignedOut(chrome, next);

                // signed in on Spring (its sign-in page, a magic link in its log) -> signed in on Next.js
                chrome.get(service + "/");
                wait.until(ExpectedConditions.urlContains("/api/auth/signin"));
                signIn(chrome, wait, spring, By.id("dynauth-email-signin"), email);
                assertSignedIn(chrome, service, email);
                assertSignedIn(chrome, next, email);

                // signed out on Next.js -> signed out on Spring
                chrome.get(next + "/api/auth/signout");
                chrome.findElement(By.cssSelector("form[action$='/signout'] button")).click();
                wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/api/auth/signout")));
                assertSignedOut(chrome, next);
                chrome.get(service + "/");
                wait.until(ExpectedConditions.urlContains("/api/auth/signin"));
            } catch (AssertionError | org.openqa.selenium.WebDriverException e) {
                throw new AssertionError(e.getMessage().lines().findFirst().orElse("") + "\nat " + chrome.getCurrentUrl()
                        + ":\n" + chrome.getPageSource() + "\n--- Next.js:\n" + nextApp.tail() + "\n--- Spring:\n"
                        + spring.tail(), e);
            } finally {
                chrome.quit();
            }
            seconds.put(strategy + ": the browser's sign-ins and sign-outs", since(t));
        }
    }

    private static void assertSignedIn(ChromeDriver chrome, String app, String email) {
        chrome.get(app + "/");
        assertEquals("Signed in as " + email, chrome.findElement(By.id("who")).getText(), app);
    }

    private static void assertSignedOut(ChromeDriver chrome, String next) {
        chrome.get(next + "/");
        assertEquals("Not signed in", chrome.findElement(By.id("who")).getText());
    }

    /**
     * On an app's sign-in page: asks for a magic link and follows the one the app printed (in development both
     * print "sign-in link for EMAIL ...: URL").
     */
    private static void signIn(ChromeDriver chrome, WebDriverWait wait, RunningProcess app, By button, String email) {
        int mark = app.mark();
        chrome.findElement(By.name("email")).sendKeys(email);
        chrome.findElement(button).click();
        wait.until(ExpectedConditions.urlContains("/api/auth/verify-request"));
        chrome.get(app.await(Pattern.compile("sign-in link for " + Pattern.quote(email) + ".*?: (http\\S+)"), mark,
                Duration.ofSeconds(60)).group(1));
    }

    private static RunningProcess start(Path dir, String name, Map<String, String> env, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("NEXT_AUTH_") || k.startsWith("AUTH_"));
        pb.environment().putAll(env);
        pb.environment().put("NEXT_TELEMETRY_DISABLED", "1");
        pb.environment().put("AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE", "1");
        pb.environment().put("NODE_NO_WARNINGS", "1");
        return RunningProcess.start(name, pb);
    }

    /** Runs a command to its end in {@code dir} (output in target/{what}.log); fails the test when it fails. */
    private static void run(Path dir, String what, String... command) throws Exception {
        Path log = SampleBuild.REPO.resolveSibling(what + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("NEXT_TELEMETRY_DISABLED", "1");
        Process p = pb.start();
        boolean ended = p.waitFor(10, TimeUnit.MINUTES);
        if (!ended) p.destroyForcibly();
        assertTrue(ended && p.exitValue() == 0, String.join(" ", command) + " failed in " + dir + ": see " + log
                + "\n" + java.nio.file.Files.readString(log));
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long since(long start) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    }
}
