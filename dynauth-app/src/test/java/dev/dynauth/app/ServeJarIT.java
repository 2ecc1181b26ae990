package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.dynauth.testkit.HttpBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar as a person runs it: {@code serve} starts, answers {@code /health}, signs people
 * in with magic links from the development mailbox, shows the account page, signs devices out, and
 * stops gracefully on SIGTERM.
 */
class ServeJarIT {
    static final Path JAR = Path.of(System.getProperty("dynauth.jar", "target/dynauth.jar"));
    static final Pattern SERVING = Pattern.compile("dynauth: serving http://localhost:(\\d+)/");
    @TempDir
    Path dir;

    /** A running {@code java -jar dynauth.jar ...} with its output collected line by line. */
    static final class Running implements AutoCloseable {
        /** How a command that ended went. */
        record Result(int code, String output) {}

        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = Collections.synchronizedList(new ArrayList<>());
        final Thread reader;

        Running(Path dir, String... args) throws IOException {
            this(dir, Map.of(), args);
        }

        Running(Path dir, Map<String, String> env, String... args) throws IOException {
            this(dir, env, jar(args));
        }

        private static List<String> jar(String... args) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-jar", JAR.toAbsolutePath().toString()));
            cmd.addAll(List.of(args));
            return cmd;
        }

        /** Any command, e.g. the launcher. */
        Running(Path dir, Map<String, String> env, List<String> cmd) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("NEXT_AUTH_AWS_"));
            pb.environment().keySet().removeIf(k -> k.equals("AUTH_SECRET") || k.endsWith("_CLIENT_ID"));
            pb.environment().put("DDB_LOCAL_TELEMETRY", "0");
            pb.environment().putAll(env);
            process = pb.start();
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        all.add(l);
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for a line matching the pattern. */
        Matcher await(Pattern p, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                String l = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (l == null) {
                    throw new AssertionError("no line matching " + p + " within " + timeout + "; output:\n" + output());
                }
                Matcher m = p.matcher(l);
                if (m.find()) return m;
            }
        }

        /** Waits for the process to end and its output to be read. */
        boolean awaitExit(Duration timeout) throws InterruptedException {
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (ended) reader.join(10_000);
            return ended;
        }

        String output() {
            synchronized (all) {
                return String.join("\n", all);
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The shared {@link HttpBrowser}, with the app's own sign-in steps (the development mailbox). */
    static final class Browser extends HttpBrowser {
        /** The header of the app's layout. */
        static final String BRAND = "<a class=brand href=\"/\">dynauth</a>";

        Browser(String base) {
            super(base);
        }

        /** Asks for a magic link, takes it from the development mailbox and follows it. */
        void signIn(String email) throws Exception {
            HttpResponse<String> page = get("/api/auth/signin?callbackUrl=%2Faccount");
            assertEquals(200, page.statusCode(), page.body());
            Map<String, String> form = new LinkedHashMap<>();
            form.put("email", email);
            form.put("callbackUrl", "/account");
            form.put("_csrf", csrfField(page.body()));
            HttpResponse<String> sent = post("/api/auth/signin/email", form);
            assertEquals(302, sent.statusCode(), sent.body());
            String checkEmail = sent.headers().firstValue("Location").orElseThrow();
            assertTrue(checkEmail.contains("/api/auth/verify-request"), checkEmail);
            HttpResponse<String> check = get(checkEmail);
            assertEquals(200, check.statusCode(), "the check-your-email page");
            assertTrue(check.body().contains(BRAND) && check.body().contains("Open the development mailbox"),
                    "the starter's page in the app's layout, with the mailbox button: " + check.body());
            HttpResponse<String> used = follow(link(email));
            assertEquals(302, used.statusCode(), used.body());
            assertTrue(used.headers().firstValue("Location").orElseThrow().endsWith("/account"), used.headers().toString());
        }

        /**
         * Follows a magic link as a person does: its GET shows the "Sign in as ..." page (serve confirms links, so
         * mail scanners cannot use them up) and its button POSTs the link.
         */
        HttpResponse<String> follow(String link) throws Exception {
            HttpResponse<String> confirm = get(link);
            assertEquals(200, confirm.statusCode(), confirm.body());
            assertTrue(confirm.body().contains("Sign in as"), confirm.body());
            Map<String, String> form = new LinkedHashMap<>();
            Matcher m = Pattern.compile("name=\"(token|email|callbackUrl|_csrf)\" value=\"([^\"]*)\"").matcher(confirm.body());
            while (m.find()) {
                form.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&#39;", "'"));
            }
            return post("/api/auth/callback/email", form);
        }

        String link(String email) throws Exception {
            HttpResponse<String> box = get("/dev/mailbox");
            assertEquals(200, box.statusCode());
            Matcher m = Pattern.compile("href=\"([^\"]*/api/auth/callback/email[^\"]*email=" + Pattern.quote(enc(email))
                    + "[^\"]*)\"").matcher(box.body());
            assertTrue(m.find(), "a link for " + email + " in the mailbox: " + box.body());
            return m.group(1).replace("&amp;", "&");
        }

    }

    @Test
    void servesSignsInAndStopsGracefully() throws Exception {
        try (Running app = new Running(dir, "serve", "--data-dir", "data", "--port", "0")) {
            int port = Integer.parseInt(app.await(SERVING, Duration.ofSeconds(120)).group(1));
            String base = "http://127.0.0.1:" + port;
            Browser a = new Browser(base);

            HttpResponse<String> health = a.get("/health");
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"UP\""), health.body());

            HttpResponse<String> signedOut = a.get("/account");
            assertEquals(302, signedOut.statusCode(), "the account page needs a session");

            a.signIn("ada@example.com");
            HttpResponse<String> account = a.get("/account");
            assertEquals(200, account.statusCode(), account.body());
            assertTrue(account.body().contains("ada@example.com"), account.body());
            assertTrue(account.body().contains("this device"), account.body());

            // a used link does not sign anyone in again
            String usedLink = a.link("ada@example.com");
            Browser c = new Browser(base);
            HttpResponse<String> reused = c.follow(usedLink);
            assertEquals(302, reused.statusCode());
            assertTrue(reused.headers().firstValue("Location").orElseThrow().contains("/api/auth/error"),
                    reused.headers().toString());
            HttpResponse<String> error = c.get(reused.headers().firstValue("Location").orElseThrow());
            assertEquals(400, error.statusCode(), error.body());
            assertTrue(error.body().contains(Browser.BRAND) && error.body().contains("no longer valid"),
                    "the starter's error page in the app's layout: " + error.body());
            assertEquals(302, c.get("/account").statusCode());

            // the name can be changed
            Map<String, String> name = new LinkedHashMap<>();
            name.put("name", "Ada <Lovelace>");
            name.put("_csrf", Browser.csrfField(account.body()));
            assertEquals(303, a.post("/account/name", name).statusCode());
            assertTrue(a.get("/account").body().contains("value=\"Ada &lt;Lovelace&gt;\""));

            // a second device, signed out from the first
            Browser b = new Browser(base);
            b.signIn("ada@example.com");
            assertEquals(200, b.get("/account").statusCode());
            String page = a.get("/account").body();
            Matcher other = Pattern.compile("name=session value=\"([0-9a-f]+)\"").matcher(page);
            assertTrue(other.find(), page);
            Map<String, String> revoke = new LinkedHashMap<>();
            revoke.put("session", other.group(1));
            revoke.put("_csrf", Browser.csrfField(page));
            assertEquals(303, a.post("/account/sessions/revoke", revoke).statusCode());
            assertEquals(302, b.get("/account").statusCode(), "the other device is signed out");
            assertEquals(200, a.get("/account").statusCode(), "this device is still signed in");

            // sign out
            Map<String, String> signOut = Map.of("_csrf", Browser.csrfField(a.get("/account").body()));
            assertEquals(302, a.post("/api/auth/signout", signOut).statusCode());
            assertEquals(302, a.get("/account").statusCode(), "signed out");

            // graceful stop on SIGTERM
            app.process.destroy();
            assertTrue(app.awaitExit(Duration.ofSeconds(60)), "stops within a minute");
            String out = app.output();
            // a first start and a used link are normal events: no stack trace, no banner of DynamoDB Local
            assertFalse(out.contains("\tat ") || out.contains("Exception"), "no stack trace or exception: " + out);
            assertFalse(out.contains("Initializing DynamoDB Local"), out);
            List<String> requestLog = out.lines().filter(l -> l.contains("dynauth.requests")).toList();
            assertTrue(requestLog.stream().anyMatch(l -> l.contains("GET /health 200")), out);
            assertTrue(requestLog.stream().anyMatch(l -> l.contains("POST /api/auth/callback/email 302")), out);
            assertFalse(requestLog.stream().anyMatch(l -> l.contains("token")), "no token in the request log: " + requestLog);
        }
        // nothing acknowledged was lost: the next process finds the user with the new name
        try (Running show = new Running(dir, "users", "show", "ada@example.com", "--data-dir", "data", "--json")) {
            assertTrue(show.awaitExit(Duration.ofSeconds(120)));
            assertEquals(0, show.process.exitValue(), show.output());
            assertTrue(show.output().contains("\"name\":\"Ada <Lovelace>\""), show.output());
        }
    }

    @Test
    void startsSpringsAheadOfTimeProcessedContextUnlessAnOAuthProviderNeedsBeansItLacks() throws Exception {
        try (Running app = new Running(dir, "serve", "--in-memory", "--port", "0")) {
            int port = Integer.parseInt(app.await(SERVING, Duration.ofSeconds(120)).group(1));
            assertTrue(app.output().contains("Starting AOT-processed Main"), app.output());
            assertEquals(200, new Browser("http://127.0.0.1:" + port).get("/api/auth/signin").statusCode());
        }
        try (Running app = new Running(dir, Map.of("GITHUB_CLIENT_ID", "gh-client", "GITHUB_CLIENT_SECRET", "gh-secret"),
                "serve", "--in-memory", "--port", "0")) {
            int port = Integer.parseInt(app.await(SERVING, Duration.ofSeconds(120)).group(1));
            assertTrue(app.output().contains("Starting Main") && !app.output().contains("AOT-processed"), app.output());
            assertTrue(new Browser("http://127.0.0.1:" + port).get("/api/auth/signin").body().contains("GitHub"),
                    "the provider's beans are there");
        }
        try (Running app = new Running(dir, Map.of("DYNAUTH_SPRING_AOT", "0"), "serve", "--in-memory", "--port", "0")) {
            app.await(SERVING, Duration.ofSeconds(120));
            assertTrue(!app.output().contains("AOT-processed"), "turned off: " + app.output());
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Running app = new Running(dir, "serve", "--in-memory", "--port", Integer.toString(taken.getLocalPort()))) {
            assertTrue(app.awaitExit(Duration.ofSeconds(120)));
            app.await(Pattern.compile("^dynauth: port " + taken.getLocalPort() + " is in use"), Duration.ofSeconds(5));
            assertEquals(1, app.process.exitValue(), app.output());
            assertFalse(app.output().contains("\tat "), "no stack trace: " + app.output());
        }
    }

    @Test
    void theJarRunsAdminCommands() throws Exception {
        try (Running app = new Running(dir, "table", "create", "--data-dir", "data")) {
            assertTrue(app.awaitExit(Duration.ofSeconds(120)));
            assertEquals(0, app.process.exitValue(), app.output());
            assertEquals("created table 'next-auth' in embedded DynamoDB Local in " + dir.toRealPath().resolve("data"),
                    app.output().strip());
        }
        try (Running app = new Running(dir, "users", "list", "--data-dir", "data", "--json")) {
            assertTrue(app.awaitExit(Duration.ofSeconds(120)));
            assertEquals(0, app.process.exitValue(), app.output());
            assertEquals("[]", app.output().strip());
        }
        assertNotNull(Files.list(dir.resolve("data")).findAny().orElse(null));
    }
}
