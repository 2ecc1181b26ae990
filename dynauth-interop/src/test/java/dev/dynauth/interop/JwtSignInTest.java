package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterUser;
import dev.dynauth.interop.app.StarterApp;
import dev.dynauth.spring.magiclink.MagicLink;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 13: real sign-ins with JWT sessions on one table. {@code @auth/core} 0.41.3 with
 * {@code session.strategy: "jwt"} and the npm adapter signs a user in by magic link, and the cookie signs a
 * request in on the starter ({@code dynauth.session.strategy=jwt}); a magic-link sign-in on the starter is
 * accepted by {@code @auth/core}'s {@code /auth/session}. With rotated secrets ({@code AUTH_SECRET_1}) on both
 * sides, and with a token big enough to be chunked.
 */
class JwtSignInTest extends InteropBase {

    static final String COOKIE = "authjs.session-token";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private ConfigurableApplicationContext app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    /** The starter in jwt mode on the table, and the Node driver configured with the same secrets in jwt mode. */
    private int start(Table t, Map<String, Object> springProperties, Map<String, Object> nodeEnv, Integer padding) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("dynauth.session.strategy", "jwt");
        props.putAll(springProperties);
        app = StarterApp.start(dynamo(), t.options(), props);
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("op", "configure");
        cmd.put("endpoint", SharedDynamoDbLocal.server().endpoint().toString());
        cmd.put("options", t.schema().npmOptions(t.options()));
        cmd.put("strategy", "jwt");
        cmd.put("env", nodeEnv);
        if (padding != null) {
            cmd.put("jwtPadding", padding);
        }
        node.call(cmd);
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void anAuthJsJwtSignInSignsARequestInOnTheStarter() throws Exception {
        Table t = table(Schema.DEFAULT);
        int port = start(t, Map.of("dynauth.secret", SECRET), Map.of("AUTH_SECRET", SECRET), null);
        String email = "jwt-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        Map<String, Object> signIn = node.op("signInWithEmail", Map.of("email", email));
        Map<String, Object> jar = map(signIn.get("cookies"));
        String cookie = (String) jar.get(COOKIE);
        assertNotNull(cookie, "@auth/core set the JWT session cookie: " + jar.keySet());
        assertEquals(5, cookie.split("\\.", -1).length, "a JWE");
        AdapterUser user = t.dynauth().getUserByEmail(email).orElseThrow(() -> new AssertionError("the npm adapter created the user"));
        assertTrue(t.dynauth().getSessionAndUser(cookie).isEmpty(), "no session item in jwt mode");

        HttpResponse<String> me = get(port, "/me", Map.of(COOKIE, cookie));
        assertEquals(200, me.statusCode(), "the starter accepts @auth/core's cookie");
        assertEquals(user.id() + " " + email, me.body());

        HttpResponse<String> refused = get(port, "/me", Map.of(COOKIE, JwtTokensTest.tamper(cookie)));
        assertEquals(401, refused.statusCode(), "the control: a tampered cookie is refused");
    }

    @Test
    void aStarterJwtSignInIsAcceptedByAuthJsSession() throws Exception {
        Table t = table(Schema.DEFAULT);
        int port = start(t, Map.of("dynauth.secret", SECRET), Map.of("AUTH_SECRET", SECRET), null);
        String email = "starter-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        Map<String, String> jar = starterMagicLinkSignIn(port, email);
        String cookie = jar.get(COOKIE);
        assertNotNull(cookie, "the starter set the JWT session cookie: " + jar.keySet());
        AdapterUser user = t.dynauth().getUserByEmail(email).orElseThrow();
        assertNotNull(node.adapter("getUserByEmail", email), "the npm adapter sees the same user");

        Map<String, Object> session = node.op("session", Map.of("cookies", Map.of(COOKIE, cookie)));
        Map<String, Object> body = map(session.get("body"));
        assertNotNull(body, "@auth/core's /auth/session accepts the starter's cookie: " + session);
        assertEquals(user.id(), map(body.get("user")).get("id"));
        assertEquals(email, map(body.get("user")).get("email"));
        assertNotNull(map(session.get("cookies")).get(COOKIE), "and re-issues it (Auth.js slides JWTs on every read)");

        Map<String, Object> wrong = node.op("session", Map.of("cookies", Map.of(COOKIE, JwtTokensTest.tamper(cookie))));
        assertNull(wrong.get("body"), "the control: a tampered cookie gets no session");
    }

    @Test
    void rotatedSecretsWorkBothWaysInAuthJsOrder() throws Exception {
        Table t = table(Schema.DEFAULT);
        String oldSecret = "old-" + SECRET;
        String newSecret = "new-" + SECRET;
        // Both sides: AUTH_SECRET (old) and AUTH_SECRET_1 (new): Auth.js encodes with AUTH_SECRET_1
        int port = start(t, Map.of("dynauth.secret", oldSecret, "AUTH_SECRET_1", newSecret),
                Map.of("AUTH_SECRET", oldSecret, "AUTH_SECRET_1", newSecret), null);

        String email = "rot-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String fromNode = (String) map(node.op("signInWithEmail", Map.of("email", email)).get("cookies")).get(COOKIE);
        assertEquals(200, get(port, "/me", Map.of(COOKIE, fromNode)).statusCode(), "Node's token in the starter");
        assertNull(JwtTokensTest.nodeDecode("v5", fromNode, oldSecret, COOKIE), "Node encoded with AUTH_SECRET_1, not AUTH_SECRET");

        String fromStarter = starterMagicLinkSignIn(port, "rot2-" + email).get(COOKIE);
        assertNotNull(JwtTokensTest.nodeDecode("v5", fromStarter, newSecret, COOKIE), "the starter encodes with AUTH_SECRET_1 too");
        assertNull(JwtTokensTest.nodeDecode("v5", fromStarter, oldSecret, COOKIE));
        assertNotNull(map(node.op("session", Map.of("cookies", Map.of(COOKIE, fromStarter)))).get("body"));

        // a token of the old secret alone (before the rotation) still signs in on both
        String before = JwtTokensTest.nodeEncode("v5", Map.of("sub", "someone", "email", "s@example.com"), oldSecret, COOKIE, 3600);
        assertEquals(200, get(port, "/me", Map.of(COOKIE, before)).statusCode());
        assertNotNull(map(node.op("session", Map.of("cookies", Map.of(COOKIE, before)))).get("body"));
    }

    @Test
    void chunkedCookiesFromAuthJsSignInOnTheStarter() throws Exception {
        Table t = table(Schema.DEFAULT);
        // ~5 kB of token: two chunks, and still within Tomcat's default 8 kB request header limit
        int port = start(t, Map.of("dynauth.secret", SECRET), Map.of("AUTH_SECRET", SECRET), 3500);
        String email = "chunk-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Map<String, Object> jar = map(node.op("signInWithEmail", Map.of("email", email)).get("cookies"));
        assertNotNull(jar.get(COOKIE + ".0"), "@auth/core chunked the cookie: " + jar.keySet());
        assertNotNull(jar.get(COOKIE + ".1"));
        Map<String, String> cookies = new LinkedHashMap<>();
        jar.forEach((k, v) -> {
            if (k.startsWith(COOKIE)) {
                cookies.put(k, (String) v);
            }
        });
        HttpResponse<String> me = get(port, "/me", cookies);
        assertEquals(200, me.statusCode());
        assertTrue(me.body().endsWith(" " + email), me.body());
    }

    // ---- a small cookie-keeping HTTP client --------------------------------------------------------

    private Map<String, String> starterMagicLinkSignIn(int port, String email) throws Exception {
        Map<String, String> jar = new LinkedHashMap<>();
        HttpResponse<String> page = send(port, HttpRequest.newBuilder(uri(port, "/api/auth/signin")).header("Accept", "text/html"), jar);
        assertEquals(200, page.statusCode());
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(csrf.find(), "the sign-in page has a CSRF field");
        String form = "email=" + enc(email) + "&callbackUrl=" + enc("/me") + "&_csrf=" + enc(csrf.group(1));
        int sent = StarterApp.LINKS.size();
        HttpResponse<String> post = send(port, HttpRequest.newBuilder(uri(port, "/api/auth/signin/email"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)), jar);
        assertEquals(302, post.statusCode(), post.body());
        assertEquals(sent + 1, StarterApp.LINKS.size(), "a link was sent");
        MagicLink link = StarterApp.LINKS.get(StarterApp.LINKS.size() - 1);
        URI url = URI.create(link.url());
        HttpResponse<String> callback = send(port, HttpRequest.newBuilder(uri(port, url.getRawPath() + "?" + url.getRawQuery()))
                .header("Accept", "text/html"), jar);
        assertEquals(302, callback.statusCode(), callback.body());
        return jar;
    }

    private HttpResponse<String> get(int port, String path, Map<String, String> cookies) throws Exception {
        return send(port, HttpRequest.newBuilder(uri(port, path)), new LinkedHashMap<>(cookies));
    }

    private HttpResponse<String> send(int port, HttpRequest.Builder b, Map<String, String> jar) throws Exception {
        if (!jar.isEmpty()) {
            b.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        for (String h : r.headers().allValues("set-cookie")) {
            String pair = h.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || h.contains("Max-Age=0")) {
                jar.remove(name);
            } else {
                jar.put(name, value);
            }
        }
        return r;
    }

    private static URI uri(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
