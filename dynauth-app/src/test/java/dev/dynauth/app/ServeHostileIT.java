package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} (the jar) under hostile requests at what only it has: the account forms, the development mailbox,
 * the health check, and the confirmation page of links; plus its start-up rules for a public URL.
 */
class ServeHostileIT {
    @TempDir
    Path dir;

    private static final List<String> VALUES = List.of("", "%00", "x%0d%0aSet-Cookie:%20a=b", "%E2%80%AE",
            "%uFFFF", "%C0%AF", "<script>alert(1)</script>", "'\"><img>", "x".repeat(5000), "..%2f..%2f", "%F0%9F%92%A9");

    @Test
    void theAccountFormsAndTheMailboxHold() throws Exception {
        try (ServeJarIT.Running app = new ServeJarIT.Running(dir, "serve", "--in-memory", "--port", "0")) {
            int port = Integer.parseInt(app.await(ServeJarIT.SERVING, Duration.ofSeconds(120)).group(1));
            String base = "http://127.0.0.1:" + port;
            ServeJarIT.Browser a = new ServeJarIT.Browser(base);
            a.signIn("owner@example.com");
            String csrf = ServeJarIT.Browser.csrfField(a.get("/account").body());
            ServeJarIT.Browser anonymous = new ServeJarIT.Browser(base);
            String anonCsrf = ServeJarIT.Browser.csrfField(anonymous.get("/api/auth/signin").body());

            List<String> failures = new ArrayList<>();
            int requests = 0;
            for (String path : List.of("/account/name", "/account/unlink", "/account/passkeys/remove",
                    "/account/sessions/revoke", "/account/sessions/revoke-all", "/account/sessions/revoke-others",
                    "/account/delete")) {
                for (String v : VALUES) {
                    for (ServeJarIT.Browser who : List.of(a, anonymous)) {
                        String body = "name=" + v + "&provider=" + v + "&providerAccountId=" + v + "&credentialId=" + v
                                + "&session=" + v + "&confirm=" + v + "&_csrf=" + (who == a ? csrf : anonCsrf);
                        if (path.endsWith("revoke-all") || path.endsWith("revoke-others") || path.endsWith("delete")) {
                            body = body.replace("confirm=" + v, "confirm=no").replace("&_csrf", "&x=" + v + "&_csrf");
                            if (who == a && !path.endsWith("delete")) {
                                continue; // they would sign the test out; the anonymous ones are the hostile ones
                            }
                        }
                        check(who.http().send(HttpRequest.newBuilder(URI.create(base + path))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString()), path + " " + v, base, failures);
                        requests++;
                    }
                }
            }
            for (String v : VALUES) {
                for (String path : List.of("/dev/mailbox?x=" + v, "/health?x=" + v, "/account?done=" + v,
                        "/api/auth/callback/email?token=" + v + "&email=" + v + "&callbackUrl=" + v, "/?callbackUrl=" + v)) {
                    try {
                        check(a.get(path), path, base, failures);
                        requests++;
                    } catch (IllegalArgumentException clientRefused) {
                        // java.net.http refuses some of these URIs itself: the starter's raw-socket suite sends them
                    }
                }
            }
            assertEquals(200, a.get("/account").statusCode(), "the owner is still signed in");

            // after a passkey is removed the page offers to end every other session (ASVS 7.4.3), which works
            String offer = a.get("/account?done=passkey").body();
            assertTrue(offer.contains("Sign out all other devices"), offer);
            ServeJarIT.Browser other = new ServeJarIT.Browser(base);
            other.signIn("owner@example.com");
            assertEquals(200, other.get("/account").statusCode());
            assertEquals(303, a.post("/account/sessions/revoke-others", Map.of("_csrf", ServeJarIT.Browser.csrfField(offer)))
                    .statusCode());
            assertEquals(302, other.get("/account").statusCode(), "the other device is signed out");
            assertEquals(200, a.get("/account").statusCode(), "this one is not");
            assertTrue(requests >= 150, "requests: " + requests);
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            HttpResponse<String> box = a.get("/dev/mailbox");
            assertTrue(box.body().contains("Development mode"), box.body());
            // the page of sign-in links answers a loopback host only: not a name that merely starts with "127."
            // (a proxy on this machine forwarding the public Host), not a public name
            for (String host : List.of("127.evil.example", "evil.example", "localhost.evil.example")) {
                assertTrue(rawGet(port, "/dev/mailbox", host).startsWith("HTTP/1.1 404"), host);
            }
            assertTrue(rawGet(port, "/dev/mailbox", "localhost:" + port).startsWith("HTTP/1.1 200"));
            String out = app.output();
            assertFalse(out.contains("\tat "), "no stack trace in the log");
        }
    }

    /**
     * {@code serve} on JWT sessions (the strategy set through the environment): "sign out all other devices" ends the
     * other device's JWT too when revocation is on; with plain {@code jwt} it is not offered, and a deleted account's
     * token is signed out on the account forms; ~100 made-up chunk names of the session cookie are never a 500.
     */
    @Test
    void onJwtSessionsEveryOtherDeviceAndADeletedAccountAreSignedOut() throws Exception {
        StringBuilder chunks = new StringBuilder("authjs.session-token.0=a.b.c.d.e");
        for (int i = 1; i <= 100; i++) {
            chunks.append("; authjs.session-token.").append(i).append("=x");
        }
        try (ServeJarIT.Running app = new ServeJarIT.Running(dir, Map.of("DYNAUTH_SESSION_STRATEGY", "jwt,database",
                "DYNAUTH_SESSION_JWT_REVOKEONSIGNOUT", "true"), "serve", "--in-memory", "--port", "0")) {
            int port = Integer.parseInt(app.await(ServeJarIT.SERVING, Duration.ofSeconds(120)).group(1));
            String base = "http://127.0.0.1:" + port;
            ServeJarIT.Browser a = new ServeJarIT.Browser(base);
            a.signIn("owner@example.com");
            ServeJarIT.Browser other = new ServeJarIT.Browser(base);
            other.signIn("owner@example.com");
            assertTrue(jwtOf(other).split("\\.").length == 5, "a JWT session");
            String offer = a.get("/account?done=passkey").body();
            assertTrue(offer.contains("Sign out all other devices"), offer);
            assertEquals(303, a.post("/account/sessions/revoke-others", Map.of("_csrf", ServeJarIT.Browser.csrfField(offer)))
                    .statusCode());
            assertEquals(302, other.get("/account").statusCode(), "the other device's JWT is refused");
            assertEquals(200, a.get("/account").statusCode(), "this one stays signed in");
            assertTrue(a.get("/account?done=others").body().contains("Every other device was signed out."));
            for (String path : List.of("/account", "/api/auth/session", "/")) {
                assertTrue(rawGet(port, path, "127.0.0.1:" + port, "Cookie: " + chunks).matches("HTTP/1.1 [234]\\d\\d(?s).*"),
                        path);
            }
            assertFalse(app.output().contains("\tat "), "no stack trace in the log");
        }
        try (ServeJarIT.Running app = new ServeJarIT.Running(java.nio.file.Files.createDirectories(dir.resolve("plain")), Map.of("DYNAUTH_SESSION_STRATEGY", "jwt"),
                "serve", "--in-memory", "--port", "0")) {
            int port = Integer.parseInt(app.await(ServeJarIT.SERVING, Duration.ofSeconds(120)).group(1));
            String base = "http://127.0.0.1:" + port;
            ServeJarIT.Browser a = new ServeJarIT.Browser(base);
            a.signIn("gone@example.com");
            String page = a.get("/account?done=passkey").body();
            assertFalse(page.contains("Sign out all other devices"), "plain jwt cannot end other sessions: " + page);
            ServeJarIT.Browser copy = new ServeJarIT.Browser(base);
            java.net.HttpCookie token = new java.net.HttpCookie("authjs.session-token", jwtOf(a));
            token.setPath("/");
            token.setVersion(0); // a plain Cookie header, not RFC 2965's $Version form
            copy.cookies().add(URI.create(base), token);
            assertEquals(200, copy.get("/account").statusCode(), "a copy of the token signs in");
            String csrf = ServeJarIT.Browser.csrfField(page);
            assertEquals(200, a.post("/account/delete", Map.of("confirm", "yes", "_csrf", csrf)).statusCode());
            // the copy of the deleted account's token still decodes until it expires: it signs nobody in on a write
            copy.get("/api/auth/signin");
            String copyCsrf = ServeJarIT.Browser.csrfField(copy.get("/api/auth/signin").body());
            HttpResponse<String> name = copy.post("/account/name", Map.of("name", "x", "_csrf", copyCsrf));
            assertTrue(name.statusCode() == 302 || name.statusCode() == 303, name.statusCode() + " " + name.body());
            assertTrue(name.headers().firstValue("Location").orElseThrow().contains("/api/auth/signin"));
            HttpResponse<String> account = copy.get("/account");
            assertEquals(303, account.statusCode(), "nor on the account page");
            assertTrue(account.headers().firstValue("Location").orElseThrow().contains("error=SessionRequired"));
            assertFalse(app.output().contains("\tat "), "no stack trace in the log");
        }
    }

    private static String jwtOf(ServeJarIT.Browser b) {
        return b.cookie("authjs.session-token").orElseThrow();
    }

    /** A GET with the Host header an attacker chooses (java.net.http refuses to set it); the status line on. */
    private static String rawGet(int port, String path, String host) throws Exception {
        return rawGet(port, path, host, null);
    }

    /** A GET with the Host header an attacker chooses and one more header line (null: none). */
    private static String rawGet(int port, String path, String host, String header) throws Exception {
        return raw(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/html"
                + (header == null ? "" : "\r\n" + header), null);
    }

    /** One request as sent (request line and headers without the blank line, then the body); the answer as text. */
    private static String raw(int port, String head, String body) throws Exception {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            String length = body == null ? "" : "\r\nContent-Length: " + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            s.getOutputStream().write((head + length + "\r\nConnection: close\r\n\r\n" + (body == null ? "" : body))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String header(String response, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^" + name + ":\\s*(.*?)\r?$").matcher(
                response.substring(0, Math.max(0, response.indexOf("\r\n\r\n"))));
        return m.find() ? m.group(1) : null;
    }

    @Test
    void withAPublicUrlNoRedirectOrLinkFollowsTheHostAndOnlyPlainAddressesAreMailed() throws Exception {
        try (SmtpIT.SmtpServer smtp = new SmtpIT.SmtpServer();
             ServeJarIT.Running app = new ServeJarIT.Running(dir, "serve", "--in-memory", "--port", "0",
                     "--public-url", "https://auth.example.com", "--behind-proxy", "--smtp-host", "127.0.0.1",
                     "--smtp-port", Integer.toString(smtp.socket.getLocalPort()))) {
            int port = Integer.parseInt(app.await(ServeJarIT.SERVING, Duration.ofSeconds(120)).group(1));
            String own = "127.0.0.1:" + port;
            String page = rawGet(port, "/api/auth/signin", own);
            String xsrf = page.replaceAll("(?s).*Set-Cookie: (?:__Host-|__Secure-)?XSRF-TOKEN=([^;]+);.*", "$1");
            String form = "\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: text/html\r\nCookie: XSRF-TOKEN="
                    + xsrf + "\r\nX-Forwarded-Proto: https";
            String csrf = java.net.URLEncoder.encode(ServeJarIT.Browser.csrfField(page), java.nio.charset.StandardCharsets.UTF_8);
            // the seven ways a request names a host (the starter's RedirectsIgnoreTheHostTest sends the same)
            List<String> shapes = List.of("Host: evil.example", "Host: evil.example:8443",
                    "Host: " + own + "\r\nX-Forwarded-Host: evil.example",
                    "Host: " + own + "\r\nX-Forwarded-Host: evil.example:443\r\nX-Forwarded-Port: 443",
                    "Host: " + own + "\r\nForwarded: host=evil.example;proto=https",
                    "Host: evil.example\r\nX-Forwarded-Host: evil2.example",
                    "Host: " + own + "\r\nX-Forwarded-Host: evil.example, " + own);
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < shapes.size(); i++) {
                for (String[] r : List.of(new String[] {"POST /api/auth/signin/email", "email=victim" + i + "%40example.com&_csrf=" + csrf},
                        new String[] {"GET /account", null})) {
                    String answer = raw(port, r[0] + " HTTP/1.1\r\n" + shapes.get(i) + form, r[1]);
                    String location = header(answer, "Location");
                    if (location == null || location.contains("evil") || !location.startsWith("/")
                            && !location.startsWith("https://auth.example.com/")) {
                        failures.add(r[0] + " [" + shapes.get(i) + "] -> " + answer.lines().findFirst().orElse("") + " " + location);
                    }
                }
            }
            // an address with a display name, angle brackets, a comment or a route is refused, never mailed
            for (String hostile : List.of("a%3Cv%40example.com%3E", "%3Cv%40example.com%3E", "v%40example.com(x)",
                    "x(y)%40example.com", "%40relay.example%3Av%40example.com")) {
                String answer = raw(port, "POST /api/auth/signin/email HTTP/1.1\r\nHost: " + own + form,
                        "email=" + hostile + "&_csrf=" + csrf);
                if (!answer.startsWith("HTTP/1.1 4")) {
                    failures.add(hostile + " -> " + answer.lines().findFirst().orElse(""));
                }
            }
            for (int i = 0; i < shapes.size(); i++) {
                String mail = smtp.mails.poll(60, java.util.concurrent.TimeUnit.SECONDS);
                if (mail == null || !mail.replace("=\n", "").contains("https://auth.example.com/api/auth/callback/email?")) {
                    failures.add("mail " + i + ": " + mail);
                }
            }
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            List<String> mailed = new ArrayList<>(smtp.recipients);
            assertEquals(shapes.size(), mailed.size(), mailed.toString());
            assertTrue(mailed.stream().allMatch(to -> to.matches("<victim\\d@example\\.com>")), mailed.toString());
            assertFalse(app.output().contains("\tat "), "no stack trace in the log");
        }
    }

    private static void check(HttpResponse<String> r, String what, String base, List<String> failures) {
        if (r.statusCode() >= 500) {
            failures.add(r.statusCode() + " " + what.substring(0, Math.min(100, what.length())));
        }
        for (String internal : List.of("Exception", "\tat ", "java.lang", "org.springframework", "software.amazon")) {
            if (r.body().contains(internal)) {
                failures.add(internal + " in the body of " + what.substring(0, Math.min(100, what.length())));
            }
        }
        r.headers().firstValue("Location").ifPresent(l -> {
            URI to = URI.create(base + "/x").resolve(l);
            if (!base.equals(to.getScheme() + "://" + to.getRawAuthority())) {
                failures.add("foreign Location " + l + " for " + what);
            }
        });
    }

    @Test
    void aPublicUrlNeedsSmtpAndMustBeAUrl() throws Exception {
        try (ServeJarIT.Running app = new ServeJarIT.Running(dir, "serve", "--in-memory", "--port", "0",
                "--public-url", "https://auth.example.com")) {
            assertTrue(app.awaitExit(Duration.ofSeconds(120)));
            assertEquals(2, app.process.exitValue(), app.output());
            assertTrue(app.output().contains("--public-url needs --smtp-host"), app.output());
        }
        try (ServeJarIT.Running app = new ServeJarIT.Running(dir, "serve", "--in-memory", "--port", "0",
                "--public-url", "auth.example.com", "--smtp-host", "127.0.0.1")) {
            assertTrue(app.awaitExit(Duration.ofSeconds(120)));
            assertEquals(2, app.process.exitValue(), app.output());
            assertTrue(app.output().contains("--public-url must be an absolute http or https URL"), app.output());
        }
    }

    @Test
    void behindATlsProxyWithAPublicUrlLinksAndCookiesFollowIt() throws Exception {
        try (java.net.ServerSocket smtp = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ServeJarIT.Running app = new ServeJarIT.Running(dir, "serve", "--in-memory", "--port", "0",
                "--public-url", "https://auth.example.com", "--behind-proxy", "--smtp-host", "127.0.0.1",
                "--smtp-port", Integer.toString(smtp.getLocalPort()))) {
            int port = Integer.parseInt(app.await(ServeJarIT.SERVING, Duration.ofSeconds(120)).group(1));
            ServeJarIT.Browser b = new ServeJarIT.Browser("http://127.0.0.1:" + port);
            assertEquals(404, b.get("/dev/mailbox").statusCode(), "no development mailbox with a public URL");
            HttpResponse<String> home = b.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/signin"))
                    .header("X-Forwarded-Proto", "https").header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookies = String.join("\n", home.headers().allValues("Set-Cookie"));
            assertTrue(cookies.contains("XSRF-TOKEN=") && cookies.contains("Secure"), cookies);
            HttpResponse<String> github = b.get("/api/auth/signin/nope");
            assertEquals(404, github.statusCode());
            HttpResponse<String> health = b.get("/health");
            assertFalse(health.body().contains("Exception"), health.body());
        }
    }
}
