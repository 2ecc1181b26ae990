package dev.dynauth.spring;

import dev.dynauth.spring.web.RedirectBypassShapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.app.TestApp;
import dev.dynauth.spring.authserver.AuthServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Several hundred hostile requests, over raw sockets, at every endpoint of an application on the starter
 * (a random loopback port, a real OAuth2 provider in-process), with every log line captured: the same cases for
 * each stack, the servlet application ({@link HostileInputTest}, passkeys on) and the reactive one
 * ({@link ReactiveHostileInputTest}). Whatever is sent: no 5xx, no stack trace or exception class in a body, no
 * session without a valid link, no Location to a foreign origin, and no token or secret in any log line.
 */
@dev.dynauth.spring.authserver.WithAuthServer({"idp"})
abstract class HostileInputCases {

    static final AuthServer idp = AuthServer.shared();

    @LocalServerPort int port;
    @Autowired Adapter adapter;
    @Autowired DynamoDbClient dynamo;
    @Autowired TableOptions options;
    @Autowired TestApp.CapturingSender sender;
    @Autowired TestApp.MutableClock clock;

    record Case(String name, String head, byte[] body) {}

    private final List<Case> cases = new ArrayList<>();
    private String host;

    private void add(String name, String method, String target, String headers, String body) {
        cases.add(new Case(name, method + " " + target + " HTTP/1.1\r\nHost: " + host + headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theSignInSurfaceHoldsAgainstHostileRequests() throws Exception {
        host = "127.0.0.1:" + port;
        RawHttp http = new RawHttp(port);
        String secret = "test-secret-not-for-production";

        // a CSRF pair, as a browser would hold it
        RawHttp.Response signin = http.get("/api/auth/signin");
        assertEquals(200, signin.status());
        String xsrf = signin.all("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> c.substring(11, c.indexOf(';'))).findFirst().orElseThrow();
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(signin.body());
        assertTrue(m.find());
        String csrf = m.group(1);
        String csrfCookie = "\r\nCookie: XSRF-TOKEN=" + xsrf;
        String form = "\r\nContent-Type: application/x-www-form-urlencoded";

        // one real user with a real session: hostile requests also come signed in
        AdapterUser user = adapter.createUser(AdapterUser.builder().email("victim@example.com").build());
        String ownSession = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(ownSession, user.id(), clock.instant().plus(Duration.ofDays(1))));
        String signedIn = "\r\nCookie: authjs.session-token=" + ownSession + "; XSRF-TOKEN=" + xsrf;

        // a real magic link (its token must never reach a log), probed as a mail scanner would
        RawHttp.Response sent = http.post("/api/auth/signin/email", "application/x-www-form-urlencoded",
                "email=scanner%40example.com&_csrf=" + enc(csrf), "Cookie: XSRF-TOKEN=" + xsrf);
        assertEquals(302, sent.status(), sent.body());
        String link = sender.last().url();
        String linkToken = link.replaceAll(".*[?&]token=([0-9a-f]+).*", "$1");
        URI linkUri = URI.create(link);
        String linkTarget = linkUri.getRawPath() + "?" + linkUri.getRawQuery();

        // 1. open redirects: every bypass shape, on the sign-in page, the link callback and the OAuth2 start
        for (String shape : RedirectBypassShapes.all()) {
            add("signin callbackUrl " + shape, "GET", "/api/auth/signin?callbackUrl=" + enc(shape), "", null);
            add("callback callbackUrl " + shape, "GET", "/api/auth/callback/email?token=" + UUID.randomUUID()
                    + "&email=a%40example.com&callbackUrl=" + enc(shape), "", null);
            add("oauth callbackUrl " + shape, "GET", "/api/auth/signin/idp?callbackUrl=" + enc(shape), "", null);
        }
        // 2. poisoned links: the Host header names the attacker
        for (String evilHost : List.of("evil.example", "evil.example:443", "127.0.0.1.evil.example", "localhost.evil.example")) {
            cases.add(new Case("Host " + evilHost, "POST /api/auth/signin/email HTTP/1.1\r\nHost: " + evilHost + form
                    + csrfCookie, ("email=victim%40example.com&_csrf=" + enc(csrf)).getBytes(StandardCharsets.UTF_8)));
            cases.add(new Case("Host oauth " + evilHost, "GET /api/auth/signin/idp HTTP/1.1\r\nHost: " + evilHost, null));
            cases.add(new Case("X-Forwarded-Host " + evilHost, "POST /api/auth/signin/email HTTP/1.1\r\nHost: " + host
                    + "\r\nX-Forwarded-Host: " + evilHost + "\r\nForwarded: host=" + evilHost + form + csrfCookie,
                    ("email=victim%40example.com&_csrf=" + enc(csrf)).getBytes(StandardCharsets.UTF_8)));
        }
        // the seven host shapes at a redirecting POST and a protected page; a loopback Host naming another port
        // (in development the link's port is the socket's)
        for (String shape : RedirectsIgnoreTheHostTest.hostShapes(host)) {
            cases.add(new Case("shape " + shape, "POST /api/auth/signin/email HTTP/1.1\r\n" + shape + form + csrfCookie,
                    ("email=victim%40example.com&_csrf=" + enc(csrf)).getBytes(StandardCharsets.UTF_8)));
            cases.add(new Case("shape /me " + shape, "GET /me HTTP/1.1\r\n" + shape + "\r\nAccept: text/html", null));
        }
        cases.add(new Case("Host another local port", "POST /api/auth/signin/email HTTP/1.1\r\nHost: 127.0.0.1:1" + form
                + csrfCookie, ("email=victim%40example.com&_csrf=" + enc(csrf)).getBytes(StandardCharsets.UTF_8)));
        // 3. a link probed by every method but GET
        for (String method : List.of("HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE")) {
            add("link " + method, method, linkTarget, "", method.equals("HEAD") || method.equals("OPTIONS")
                    || method.equals("TRACE") ? null : "");
        }
        // 4. anonymous requests that gave 500s
        for (String query : List.of("token=%uFFFF&email=a%40b.c", "token=%C0%AF&email=a%40b.c", "x=%zz", "token=%",
                "token=%%%&email=%%", "email=%C0%80%40b.c&token=x", "callbackUrl=%E0%80%AF", "a=%00&b=%0d%0a")) {
            for (String path : List.of("/api/auth/callback/email", "/api/auth/signin", "/api/auth/error",
                    "/api/auth/session", "/api/auth/verify-request", "/me", "/public/hello", "/")) {
                add("bad encoding " + path + "?" + query, "GET", path + "?" + query, "", null);
            }
        }
        for (String body : List.of("--xyz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@b.c\r\n",
                "garbage", "--xyz--", "--xyz\r\nContent-Disposition: form-data\r\n\r\n\r\n--xyz--\r\n",
                "--xyz\r\nContent-Disposition: form-data; name=\"_csrf\"; filename=\"../../x\"\r\n\r\n" + csrf + "\r\n--")) {
            for (String path : List.of("/api/auth/signin/email", "/api/auth/signout", "/api/auth/callback/email",
                    "/login/webauthn", "/public/hello")) {
                add("multipart " + path, "POST", path, "\r\nContent-Type: multipart/form-data; boundary=xyz" + csrfCookie
                        + "\r\nX-XSRF-TOKEN: " + csrf, body);
            }
            add("multipart no boundary", "POST", "/api/auth/signin/email", "\r\nContent-Type: multipart/form-data"
                    + csrfCookie, body);
        }
        for (String provider : List.of("nope", "%2e%2e", "..", "idp%00", "IDP", "a".repeat(300), "%F0%9F%92%A9", "email2",
                "idp/extra", "%2fidp")) {
            add("unknown provider " + provider, "GET", "/api/auth/signin/" + provider, "", null);
            add("unknown callback " + provider, "GET", "/api/auth/callback/" + provider + "?code=x&state=y", "", null);
        }
        add("6 KB unknown path", "GET", "/" + "a".repeat(6000), "\r\nAccept: text/html", null);
        add("6 KB protected path with query", "GET", "/me?" + "q=1&".repeat(1500), "\r\nAccept: text/html", null);
        add("GET /error", "GET", "/error", "\r\nAccept: text/html", null);
        add("POST /error", "POST", "/error", form + csrfCookie, "_csrf=" + enc(csrf));
        add("GET /error json", "GET", "/error", "\r\nAccept: application/json", null);
        // 5. cookies: oversized, duplicated, malformed, forged, tampered
        for (String cookie : List.of("authjs.session-token=" + "A".repeat(4000),
                "authjs.session-token=x; authjs.session-token=y; authjs.session-token=" + ownSession,
                "authjs.session-token=", "authjs.session-token=%00%0d%0a", "authjs.session-token=\"quoted\"",
                "__Secure-authjs.session-token=" + UUID.randomUUID(), "authjs.session-token=" + UUID.randomUUID() + "\u00e9",
                "dynauth.oauth2-request=garbage", "dynauth.oauth2-request=" + "A".repeat(40),
                "dynauth.oauth2-request=" + "_".repeat(64), "REDIRECT_URI=%%%", "REDIRECT_URI=Ly9ldmlsLmNvbQ==",
                "REDIRECT_URI=aHR0cDovL2V2aWwuY29tL3g=", "REDIRECT_URI=" + "A".repeat(3000),
                "XSRF-TOKEN=" + "x".repeat(3000), "a=b; a=b; a=b; a=b", "=;=;=", ";;;;", "x=\u0001")) {
            for (String path : List.of("/api/auth/session", "/api/auth/signin", "/me", "/api/auth/callback/idp?code=c&state=s")) {
                add("cookie " + cookie.substring(0, Math.min(40, cookie.length())) + " " + path, "GET", path,
                        "\r\nAccept: text/html\r\nCookie: " + cookie, null);
            }
        }
        // 5b. ~100 made-up chunk names of the JWT session cookie (one clearing Set-Cookie each overflowed the response)
        StringBuilder chunks = new StringBuilder("authjs.session-token.0=a.b.c.d.e");
        for (int i = 1; i <= 100; i++) {
            chunks.append("; authjs.session-token.").append(i).append("=x");
        }
        for (String cookie : List.of(chunks.toString(), chunks.toString().replace("authjs.", "__Secure-authjs."),
                chunks + "; authjs.session-token.0001=x; authjs.session-token.01=x")) {
            for (String path : List.of("/api/auth/session", "/api/auth/signin", "/me", "/webauthn/register", "/")) {
                add("chunk names " + cookie.length() + " " + path, "GET", path, "\r\nAccept: text/html\r\nCookie: " + cookie,
                        null);
            }
            add("chunk names signout", "POST", "/api/auth/signout", form + "\r\nCookie: " + cookie + "; XSRF-TOKEN=" + xsrf,
                    "_csrf=" + enc(csrf));
        }
        // 6. NUL, CRLF, unicode in every parameter; header injection in email addresses
        for (String value : List.of("%00", "%0d%0aSet-Cookie:%20x=y", "a%40b.c%0d%0aBcc:%20evil%40evil.com",
                "%E2%80%AE", "%EF%BF%BF", "%F0%9F%92%A9%40example.com", "%C3%A9%40%C3%A9.fr", "%22a%22%40b.c",
                "a%40b.c%2Cc%40d.e", "<script>alert(1)</script>%40x.y", "a%40b.c.", "a%40b.c...", "%20%40%20",
                "x".repeat(400) + "%40b.c", "a%3Cvictim%40example.com%3E", "%3Cvictim%40example.com%3E",
                "victim%40example.com(x)", "x(y)%40example.com", "%40relay.example%3Avictim%40example.com",
                "%EF%BD%96%EF%BC%A0example.com")) {
            add("email " + value, "POST", "/api/auth/signin/email", form + csrfCookie,
                    "email=" + value + "&_csrf=" + enc(csrf));
            add("callback email " + value, "GET", "/api/auth/callback/email?email=" + value + "&token=" + value
                    + "&callbackUrl=" + value, "", null);
            add("error " + value, "GET", "/api/auth/error?error=" + value, "", null);
            add("signin error " + value, "GET", "/api/auth/signin?error=" + value + "&callbackUrl=" + value, "", null);
        }
        // 7. wrong methods at every endpoint
        for (String path : List.of("/api/auth/signin", "/api/auth/signin/email", "/api/auth/callback/email",
                "/api/auth/signout", "/api/auth/session", "/api/auth/error", "/api/auth/verify-request",
                "/api/auth/signin/idp", "/api/auth/callback/idp", "/webauthn/register/options", "/login/webauthn",
                "/webauthn/authenticate/options", "/api/auth/passkey.js")) {
            for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND")) {
                add(method + " " + path, method, path, "", method.equals("OPTIONS") || method.equals("TRACE") ? null : "x");
            }
        }
        // 8. huge bodies and forged passkey ceremonies
        add("3 MB form", "POST", "/api/auth/signin/email", form + csrfCookie, "email=" + "a".repeat(3_000_000));
        add("3 MB json", "POST", "/login/webauthn", "\r\nContent-Type: application/json" + csrfCookie
                + "\r\nX-XSRF-TOKEN: " + csrf, "{\"id\":\"" + "a".repeat(3_000_000) + "\"}");
        for (String json : List.of("{}", "[]", "null", "{\"id\":\"x\",\"rawId\":\"x\",\"response\":{},\"type\":\"public-key\"}",
                "{\"id\":1}", "{", "\u0000", "{\"response\":{\"clientDataJSON\":\"%%%\",\"authenticatorData\":\"x\"}}")) {
            for (String path : List.of("/login/webauthn", "/webauthn/register", "/webauthn/authenticate/options",
                    "/webauthn/register/options")) {
                add("passkey " + path + " " + json, "POST", path, "\r\nContent-Type: application/json" + csrfCookie
                        + "\r\nX-XSRF-TOKEN: " + csrf, json);
                add("passkey signed in " + path + " " + json, "POST", path, "\r\nContent-Type: application/json"
                        + signedIn + "\r\nX-XSRF-TOKEN: " + csrf, json);
            }
        }
        // 9. forged OAuth2 callbacks and CSRF-less writes
        for (String query : List.of("code=x&state=y", "error=access_denied&state=y", "code=&state=", "state=" + "s".repeat(5000),
                "code=%00&state=%0d%0a", "error=%3Cscript%3E")) {
            add("oauth callback " + query, "GET", "/api/auth/callback/idp?" + query, "", null);
        }
        add("signout without csrf", "POST", "/api/auth/signout", form + signedIn, "");
        add("email without csrf", "POST", "/api/auth/signin/email", form, "email=a%40b.c");
        add("email forged csrf", "POST", "/api/auth/signin/email", form + csrfCookie, "email=a%40b.c&_csrf=forged");
        // 10. Tomcat's parser: invalid characters in the request target carrying a token
        String leaked = "0123456789abcdef" + UUID.randomUUID().toString().replace("-", "");
        add("invalid target", "GET", "/api/auth/callback/email?token=" + leaked + "|{}^`", "", null);
        add("invalid target 2", "GET", "/api/auth/callback/email?email=a@b.c&token=" + leaked + "\"<>", "", null);
        // first: Tomcat logs only its first parsing error of a run in full (at INFO), the rest at DEBUG
        cases.add(0, cases.remove(cases.size() - 1));
        cases.add(0, cases.remove(cases.size() - 1));
        beforeCases();

        Set<String> secrets = new LinkedHashSet<>(List.of(secret, ownSession, linkToken, leaked));
        List<String> failures = new ArrayList<>();
        int links = sender.links.size();
        try (LogCapture logs = LogCapture.start_()) {
            for (Case c : cases) {
                RawHttp.Response r = http.send(c.head(), c.body());
                check(c, r, failures);
            }
            // the scanner's probes left the link usable: only a GET consumes it
            RawHttp.Response use = http.get(linkTarget);
            if (use.status() != 302 || use.header("Location").contains("error")) {
                failures.add("the link was consumed by a probe: " + use.status() + " " + use.header("Location"));
            }
            for (String line : logs.lines) {
                for (String s : secrets) {
                    if (line.contains(s)) {
                        failures.add("a secret in the log: " + line);
                    }
                }
            }
            for (String line : logs.withStackTraces()) {
                failures.add("a stack trace in the log: " + line.substring(0, Math.min(600, line.length())));
            }
        }
        for (int i = links; i < sender.links.size(); i++) {
            if (!sender.links.get(i).url().startsWith("http://127.0.0.1:" + port + "/")) {
                failures.add("a link to another host was sent: " + sender.links.get(i).identifier());
            }
        }
        // no session but the one created above and the one the real link made
        List<Map<String, AttributeValue>> sessions = dynamo.scan(r -> r.tableName(options.tableName())
                .filterExpression("begins_with(#sk, :s)").expressionAttributeNames(Map.of("#sk", options.sortKey()))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("SESSION#")))).items();
        if (sessions.size() != 2) {
            failures.add("sessions in the table: " + sessions.size() + " (expected the test's own and the real link's)");
        }
        assertTrue(cases.size() >= 300, "at least 300 hostile requests: " + cases.size());
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " failed:\n" + String.join("\n", failures));
    }

    /** What must hold of the stack's server before the cases run (nothing by default). */
    void beforeCases() {
    }

    private void check(Case c, RawHttp.Response r, List<String> failures) {
        String what = c.name().substring(0, Math.min(120, c.name().length())) + " -> " + r.status();
        if (r.status() >= 500) {
            failures.add("5xx: " + what);
        }
        String body = r.body();
        for (String internal : List.of("Exception", "\tat ", "java.lang", "org.springframework", "org.apache",
                "software.amazon", "dev.dynauth.", "Whitelabel", "Apache Tomcat")) {
            if (body.contains(internal)) {
                failures.add("'" + internal + "' in the body: " + what);
            }
        }
        for (String location : r.all("Location")) {
            URI to = URI.create("http://" + host + "/api/auth/x").resolve(location.replace(" ", "%20"));
            boolean own = ("http://" + host).equals(to.getScheme() + "://" + to.getRawAuthority());
            boolean provider = location.startsWith(idp.base() + "/oauth2/authorize?");
            if (!own && !provider) {
                failures.add("foreign Location " + location + ": " + what);
            }
        }
        Matcher hidden = Pattern.compile("name=\"callbackUrl\" value=\"([^\"]*)\"").matcher(body);
        while (hidden.find()) {
            String v = hidden.group(1).replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"");
            if (!v.startsWith("/") || v.startsWith("//") || v.contains("\\")) {
                failures.add("hidden callbackUrl " + v + ": " + what);
            }
        }
    }
}
