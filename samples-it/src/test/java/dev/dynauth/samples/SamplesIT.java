package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.testkit.HttpBrowser;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.TableOptions;
import dev.dynauth.local.DynamoDbLocalServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The samples in samples/, each a Maven project of its own that depends on dynauth by its published coordinates,
 * built against a throwaway local repository holding this build's artifacts, started on a random port and used
 * through HTTP as a person would: a magic-link sign-in, then the protected endpoint.
 */
class SamplesIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");
    /** Tomcat's or (WebFlux) Netty's line saying which port the application listens on. */
    private static final Pattern SERVER_PORT = Pattern.compile("(?:Tomcat|Netty) started on port (\\d+)");
    private static final String SECRET = "samples-it-secret-not-for-production";

    private static RunningProcess startJar(Path sample, Map<String, String> env, String... args) throws Exception {
        return startJar(Path.of(System.getProperty("java.home"), "bin", "java"), sample, env, args);
    }

    /** The sample's executable jar on {@code java}, on a random loopback port. */
    static RunningProcess startJar(Path java, Path sample, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(),
                "-jar", SampleBuild.jar(sample).toString(), "--server.port=0", "--server.address=127.0.0.1"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(sample.toFile());
        pb.environment().put("DDB_LOCAL_TELEMETRY", "0");
        pb.environment().putAll(env);
        return RunningProcess.start(sample.getFileName().toString(), pb);
    }

    @Test
    void springMvcMinimalSignsInWithTheLinkFromTheLogAndSaysHello() throws Exception {
        Path sample = SampleBuild.build("spring-mvc-minimal");
        try (RunningProcess app = startJar(sample, Map.of())) {
            helloAfterMagicLink(app);
        }
    }

    @Test
    void springWebFluxMinimalSignsInWithTheLinkFromTheLogAndSaysHello() throws Exception {
        Path sample = SampleBuild.build("spring-webflux-minimal");
        try (RunningProcess app = startJar(sample, Map.of())) {
            helloAfterMagicLink(app);
            // no web-application-type property: without Spring MVC, Boot starts a reactive application
            app.await(Pattern.compile("Netty started on port"), 0, Duration.ofSeconds(5));
        }
    }

    /**
     * The minimal sample, started: signed out, /hello sends to the sign-in page; the magic link from the log signs in;
     * then /hello says hello (SupportedRangeIT runs it on other Boot versions and JDKs).
     */
    static void helloAfterMagicLink(RunningProcess app) throws Exception {
        String base = "http://127.0.0.1:" + app.await(SERVER_PORT, 0, START).group(1);
        HttpBrowser browser = new HttpBrowser();

        HttpResponse<String> signedOut = browser.get(base + "/hello", "text/html");
        assertEquals(302, signedOut.statusCode(), "signed out, /hello sends a browser to the sign-in page");
        assertEquals(base + "/api/auth/signin", HttpBrowser.location(signedOut));

        HttpResponse<String> page = browser.get(base + "/api/auth/signin", "text/html");
        assertEquals(200, page.statusCode());
        int mark = app.mark();
        HttpResponse<String> sent = browser.post(base + "/api/auth/signin/email",
                Map.of("email", "ada@example.com", "callbackUrl", "/hello", "_csrf", HttpBrowser.csrfField(page)));
        assertEquals(302, sent.statusCode(), sent.body());
        assertEquals(base + "/api/auth/verify-request", HttpBrowser.location(sent).replaceFirst("\\?.*", ""));

        // embedded mode without mail: the link is in the log, as the README says
        Matcher link = app.await(Pattern.compile("sign-in link for ada@example.com .*: (http\\S+)"), mark,
                Duration.ofSeconds(30));
        HttpResponse<String> callback = browser.get(link.group(1), "text/html");
        assertEquals(302, callback.statusCode(), callback.body());
        assertEquals(base + "/hello", HttpBrowser.location(callback));
        assertTrue(browser.cookie("authjs.session-token").isPresent(), "signed in: the Auth.js session cookie");

        HttpResponse<String> hello = browser.get(base + "/hello", "text/html");
        assertEquals(200, hello.statusCode(), hello.body());
        assertEquals("Hello ada@example.com", hello.body());
    }

    @Test
    void springServiceAndAuthJsShareOneSignInAndOneSignOut() throws Exception {
        Path sample = SampleBuild.build("spring-shared-with-nextjs");
        withAuthJsPackages(sample.resolve("authjs"));

        String table = "next-auth-samples";
        try (DynamoDbLocalServer dynamoDb = DynamoDbLocalServer.builder().inMemory().port(0).start()) {
            Map<String, String> env = sharedTable(dynamoDb, table, SECRET);

            try (RunningProcess authJs = startAuthJs(sample.resolve("authjs"), env)) {
                String next = authJs.await(AUTHJS_LISTENING, 0, Duration.ofSeconds(60)).group(1);
                Map<String, String> springEnv = new java.util.HashMap<>(env);
                springEnv.put("AUTHJS_URL", next);
                try (RunningProcess spring = startJar(sample, springEnv)) {
                    String api = "http://127.0.0.1:" + spring.await(TOMCAT_PORT, 0, START).group(1);
                    sharedSignInAndSignOut(authJs, next, api);
                }
            }
        }
    }

    /**
     * The Next.js app's table, as its deployment (or `./dynauth table create`) made it, and the environment both
     * sides read it with (the Auth.js DynamoDB docs' variables).
     */
    static Map<String, String> sharedTable(DynamoDbLocalServer dynamoDb, String table, String secret) {
        DynamoDbTables.createIfMissing(dynamoDb.client(), TableOptions.builder().tableName(table).build());
        return Map.of("AUTH_SECRET", secret, "AUTH_DYNAMODB_TABLE", table,
                "NEXT_AUTH_AWS_REGION", "us-east-1", "NEXT_AUTH_AWS_ACCESS_KEY", "local",
                "NEXT_AUTH_AWS_SECRET_KEY", "local", "DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString());
    }

    static final Pattern AUTHJS_LISTENING = Pattern.compile("listening on (http://\\S+)");

    /**
     * Gives a copy of the Auth.js side (spring-shared-with-nextjs/authjs) the npm packages interop/ pins (the versions
     * its package.json names), installing them when this module runs alone.
     */
    static void withAuthJsPackages(Path authjs) throws Exception {
        Path interopModules = SampleBuild.ROOT.resolve("interop").resolve("node_modules");
        if (!Files.isDirectory(interopModules.resolve("@auth").resolve("core"))) {
            // the build's dynauth-interop module installs them first; this is for a run of this module alone
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(interopModules.getParent().toFile()).redirectErrorStream(true)
                    .redirectOutput(SampleBuild.REPO.resolveSibling("npm-ci.log").toFile()).start();
            assertTrue(npm.waitFor(10, java.util.concurrent.TimeUnit.MINUTES) && npm.exitValue() == 0,
                    "npm ci in interop/ failed: see " + SampleBuild.REPO.resolveSibling("npm-ci.log"));
        }
        Files.createSymbolicLink(authjs.resolve("node_modules"), interopModules);
    }

    /** The Auth.js side on a random loopback port; it prints {@link #AUTHJS_LISTENING} when it listens. */
    static RunningProcess startAuthJs(Path authjs, Map<String, String> env) {
        ProcessBuilder node = new ProcessBuilder("node", "server.mjs").directory(authjs.toFile());
        node.environment().putAll(env);
        node.environment().put("PORT", "0");
        node.environment().put("NODE_NO_WARNINGS", "1");
        node.environment().put("AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE", "1");
        return RunningProcess.start("authjs", node);
    }

    private static void sharedSignInAndSignOut(RunningProcess authJs, String next, String api) throws Exception {
        HttpBrowser browser = new HttpBrowser();
        HttpResponse<String> signedOut = browser.get(api + "/api/me", "text/html");
        assertEquals(302, signedOut.statusCode(), "signed out, the service sends a browser to the Next.js sign-in page");
        assertEquals(next + "/api/auth/signin", HttpBrowser.location(signedOut));

        // 1. signed in by Auth.js, recognised by the Spring service
        String first = signInWithAuthJs(browser, authJs, next, "grace@example.com");
        HttpResponse<String> me = browser.get(api + "/api/me", "application/json");
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains("\"email\":\"grace@example.com\""), me.body());

        // 2. signed out by Auth.js: the session is gone for the service too (the kept cookie no longer works)
        HttpResponse<String> csrf = browser.get(next + "/api/auth/csrf", "application/json");
        HttpResponse<String> out = browser.post(next + "/api/auth/signout", Map.of("csrfToken", csrfToken(csrf)));
        assertEquals(302, out.statusCode(), out.body());
        assertFalse(browser.cookie("authjs.session-token").isPresent(), "Auth.js cleared the cookie");
        assertEquals(401, HttpBrowser.getWithSession(api + "/api/me", first).statusCode(),
                "the service refuses the session Auth.js ended");

        // 3. signed in again by Auth.js, signed out by the Spring service: the session is gone for Auth.js too
        String second = signInWithAuthJs(browser, authJs, next, "grace@example.com");
        assertEquals(200, HttpBrowser.getWithSession(api + "/api/me", second).statusCode());
        assertTrue(HttpBrowser.getWithSession(next + "/api/auth/session", second).body().contains("grace@example.com"));
        HttpResponse<String> page = browser.get(api + "/", "text/html");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Signed in as grace@example.com"), page.body());
        HttpResponse<String> springOut = browser.post(api + "/api/auth/signout", Map.of("_csrf", HttpBrowser.csrfField(page)));
        assertEquals(302, springOut.statusCode(), springOut.body());
        assertFalse(browser.cookie("authjs.session-token").isPresent(), "the service cleared the cookie");
        HttpResponse<String> session = HttpBrowser.getWithSession(next + "/api/auth/session", second);
        assertEquals(200, session.statusCode());
        assertFalse(session.body().contains("grace@example.com"), "Auth.js has no session any more: " + session.body());
        assertEquals(401, HttpBrowser.getWithSession(api + "/api/me", second).statusCode());
    }

    /** A magic-link sign-in through the Auth.js app, with the link it printed; returns the session token. */
    static String signInWithAuthJs(HttpBrowser browser, RunningProcess authJs, String next, String email)
            throws Exception {
        HttpResponse<String> csrf = browser.get(next + "/api/auth/csrf", "application/json");
        assertEquals(200, csrf.statusCode(), csrf.body());
        int mark = authJs.mark();
        HttpResponse<String> sent = browser.post(next + "/api/auth/signin/email",
                Map.of("csrfToken", csrfToken(csrf), "email", email, "callbackUrl", next + "/"));
        assertEquals(302, sent.statusCode(), sent.body());
        Matcher link = authJs.await(Pattern.compile("sign-in link for " + Pattern.quote(email) + ": (http\\S+)"), mark,
                Duration.ofSeconds(30));
        HttpResponse<String> callback = browser.get(link.group(1), "text/html");
        assertEquals(302, callback.statusCode(), callback.body());
        return browser.cookie("authjs.session-token").orElseThrow(
                () -> new AssertionError("Auth.js set no session cookie; its output:\n" + authJs.tail()));
    }

    static String csrfToken(HttpResponse<String> csrf) {
        Matcher m = Pattern.compile("\"csrfToken\"\\s*:\\s*\"([^\"]+)\"").matcher(csrf.body());
        assertTrue(m.find(), "no csrfToken in " + csrf.body());
        return m.group(1);
    }
}
