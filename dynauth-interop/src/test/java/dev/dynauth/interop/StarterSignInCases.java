package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterUser;
import dev.dynauth.interop.app.StarterApp;
import dev.dynauth.spring.magiclink.MagicLink;
import dev.dynauth.testkit.HttpBrowser;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One sign-in and one sign-out each way between the real {@code @auth/core} (with the npm adapter) and a running
 * starter app on one table, for the database and the JWT session strategies: Auth.js signs in, the app recognises the
 * cookie ({@code /api/auth/session}, a protected route), Auth.js signs out, the app no longer recognises it; and the
 * app signs in by magic link, Auth.js recognises it, the app signs out, Auth.js no longer does; and a JWT cookie
 * Auth.js had to split into chunks. The cases are the
 * same on both stacks; each runner ({@link ServletStarterSignInTest}, {@link ReactiveStarterSignInTest}) says how
 * to start its app. One app per strategy serves the whole class (each case signs in its own new user).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StarterSignInCases extends InteropBase {

    static final String COOKIE = "authjs.session-token";

    /** A running app of the runner's stack on its own table. */
    record Running(Table table, ConfigurableApplicationContext app) {
        HttpBrowser browser() {
            return new HttpBrowser("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
        }
    }

    private final Map<String, Running> apps = new LinkedHashMap<>();

    /** Starts this runner's app on {@code table}'s DynamoDB Local table with these properties. */
    abstract ConfigurableApplicationContext start(Table table, Map<String, Object> properties);

    /** The app of this strategy (started on first use), with the Node driver pointed at its table in that strategy. */
    private Running app(String strategy) {
        Running running = apps.computeIfAbsent(strategy, s -> {
            Table t = table(Schema.DEFAULT);
            return new Running(t, start(t, Map.of("dynauth.session.strategy", s, "dynauth.secret", SECRET)));
        });
        running.table().npm(strategy);
        return running;
    }

    @AfterAll
    void stopApps() {
        apps.values().forEach(r -> r.app().close());
        apps.clear();
    }

    @ParameterizedTest(name = "{0} sessions")
    @ValueSource(strings = {"database", "jwt"})
    void anAuthJsSignInIsRecognisedByTheAppUntilAuthJsSignsOut(String strategy) throws Exception {
        Running r = app(strategy);
        String email = strategy + "-authjs-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        Map<String, Object> jar = map(node.op("signInWithEmail", Map.of("email", email)).get("cookies"));
        String cookie = (String) jar.get(COOKIE);
        assertNotNull(cookie, "@auth/core set the session cookie: " + jar.keySet());
        AdapterUser user = r.table().dynauth().getUserByEmail(email)
                .orElseThrow(() -> new AssertionError("the npm adapter created the user"));
        if (strategy.equals("jwt")) {
            assertEquals(5, cookie.split("\\.", -1).length, "a JWE");
            assertTrue(r.table().dynauth().getSessionAndUser(cookie).isEmpty(), "no session item in jwt mode");
        } else {
            assertEquals(user.id(), r.table().dynauth().getSessionAndUser(cookie).orElseThrow().user().id());
        }

        HttpBrowser signedIn = browser(r, jar);
        assertSignedIn(signedIn, user);
        String forged = strategy.equals("jwt") ? JwtTokensTest.tamper(cookie) : UUID.randomUUID().toString();
        assertSignedOut(browser(r, Map.of(COOKIE, forged)), "the control: a forged cookie");

        Map<String, Object> out = node.op("signOut", Map.of("cookies", jar));
        assertEquals(302L, out.get("status"), "@auth/core's sign-out redirects: " + out);
        Map<String, Object> after = map(out.get("cookies"));
        assertNull(after.get(COOKIE), "@auth/core cleared the session cookie");
        assertSignedOut(browser(r, after), "the browser after Auth.js's sign-out");
        if (strategy.equals("database")) {
            assertTrue(r.table().dynauth().getSessionAndUser(cookie).isEmpty(), "Auth.js deleted the session item");
            assertSignedOut(browser(r, jar), "the cookie kept from before the sign-out");
        }
        // jwt: the token itself is stateless; Auth.js's sign-out only clears the cookie, as it does for its own apps
    }

    @ParameterizedTest(name = "{0} sessions")
    @ValueSource(strings = {"database", "jwt"})
    void anAppSignInIsRecognisedByAuthJsUntilTheAppSignsOut(String strategy) throws Exception {
        Running r = app(strategy);
        String email = strategy + "-app-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        HttpBrowser b = r.browser();

        String cookie = magicLinkSignIn(b, email);
        AdapterUser user = r.table().dynauth().getUserByEmail(email).orElseThrow();
        assertNotNull(node.adapter("getUserByEmail", email), "the npm adapter sees the same user");
        assertSignedIn(b, user);

        Map<String, Object> session = node.op("session", Map.of("cookies", jar(b)));
        Map<String, Object> body = map(session.get("body"));
        assertNotNull(body, "@auth/core's /auth/session accepts the app's cookie: " + session);
        assertEquals(user.id(), map(body.get("user")).get("id"));
        assertEquals(email, map(body.get("user")).get("email"));
        assertNotNull(map(session.get("cookies")).get(COOKIE), "and keeps (or re-issues) the cookie");
        String forged = strategy.equals("jwt") ? JwtTokensTest.tamper(cookie) : UUID.randomUUID().toString();
        assertNull(node.op("session", Map.of("cookies", Map.of(COOKIE, forged))).get("body"),
                "the control: a forged cookie gets no session from Auth.js");

        HttpResponse<String> page = b.get("/api/auth/signout");
        assertEquals(200, page.statusCode(), page.body());
        HttpResponse<String> out = b.post("/api/auth/signout", Map.of("_csrf", HttpBrowser.csrfField(page), "callbackUrl", "/"));
        assertEquals(302, out.statusCode(), "the app's sign-out redirects: " + out.body());
        assertTrue(b.cookie(COOKIE).isEmpty(), "the app cleared the session cookie");
        assertNull(node.op("session", Map.of("cookies", jar(b))).get("body"), "Auth.js: the browser after the app's sign-out");
        assertSignedOut(b, "the app itself after its sign-out");
        if (strategy.equals("database")) {
            assertTrue(r.table().dynauth().getSessionAndUser(cookie).isEmpty(), "the app deleted the session item");
            Map<String, Object> kept = node.op("session", Map.of("sessionToken", cookie));
            assertNull(kept.get("body"), "Auth.js: the cookie kept from before the sign-out: " + kept);
            assertNull(kept.get("sessionCookie"), "and Auth.js clears it");
        }
    }

    @Test
    void aChunkedJwtCookieFromAuthJsIsRecognisedByTheApp() throws Exception {
        Running r = app("jwt");
        // a claim padding the token to ~5 kB: two chunks, still within Tomcat's and Netty's 8 kB request header limit
        r.table().npm(Map.of("secret", SECRET, "strategy", "jwt", "jwtPadding", 3500));
        String email = "chunk-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Map<String, Object> jar = map(node.op("signInWithEmail", Map.of("email", email)).get("cookies"));
        assertNotNull(jar.get(COOKIE + ".0"), "@auth/core chunked the cookie: " + jar.keySet());
        assertNotNull(jar.get(COOKIE + ".1"));
        Map<String, Object> chunks = new LinkedHashMap<>(jar);
        chunks.keySet().removeIf(name -> !name.startsWith(COOKIE));
        assertSignedIn(browser(r, chunks), r.table().dynauth().getUserByEmail(email).orElseThrow());
    }

    // ---- shared with the other starter tests (JwtSignInTest) --------------------------------------------------

    /** A magic-link sign-in on the app as a browser makes it: page, form, the link; the session cookie it set. */
    static String magicLinkSignIn(HttpBrowser b, String email) throws Exception {
        HttpResponse<String> page = b.get("/api/auth/signin");
        assertEquals(200, page.statusCode(), page.body());
        HttpResponse<String> sent = b.post("/api/auth/signin/email",
                Map.of("email", email, "callbackUrl", "/me", "_csrf", HttpBrowser.csrfField(page)));
        assertEquals(302, sent.statusCode(), sent.body());
        MagicLink link = StarterApp.lastLinkTo(email).orElseThrow(() -> new AssertionError("no link was sent to " + email));
        HttpResponse<String> callback = b.get(link.url());
        assertEquals(302, callback.statusCode(), callback.body());
        return b.cookie(COOKIE).orElseThrow(() -> new AssertionError("the app set no session cookie: " + jar(b).keySet()));
    }

    /** A browser on the app holding these cookies (e.g. what Auth.js set). */
    static HttpBrowser browser(Running r, Map<String, ?> cookies) {
        return browser(r.browser(), cookies);
    }

    static HttpBrowser browser(HttpBrowser b, Map<String, ?> cookies) {
        cookies.forEach((name, value) -> {
            HttpCookie c = new HttpCookie(name, (String) value);
            c.setPath("/");
            c.setVersion(0);
            b.cookies().add(URI.create(b.base()), c);
        });
        return b;
    }

    /** The browser's cookies by name, as the Node driver takes a jar. */
    static Map<String, Object> jar(HttpBrowser b) {
        Map<String, Object> jar = new LinkedHashMap<>();
        b.cookies().getCookies().forEach(c -> jar.put(c.getName(), c.getValue()));
        return jar;
    }

    private static void assertSignedIn(HttpBrowser b, AdapterUser user) throws Exception {
        HttpResponse<String> me = b.get("/me", "application/json");
        assertEquals(200, me.statusCode(), "the protected route: " + me.body());
        assertEquals(user.id() + " " + user.email(), me.body());
        Map<String, Object> session = map(Json.toJava(Json.parse(b.get("/api/auth/session", "application/json").body())));
        assertEquals(user.id(), map(session.get("user")).get("id"), "/api/auth/session: " + session);
        assertEquals(user.email(), map(session.get("user")).get("email"));
    }

    private static void assertSignedOut(HttpBrowser b, String what) throws Exception {
        assertEquals(401, b.get("/me", "application/json").statusCode(), what + ": the protected route");
        HttpResponse<String> session = b.get("/api/auth/session", "application/json");
        assertEquals(200, session.statusCode(), what);
        assertEquals(Map.of(), Json.toJava(Json.parse(session.body())), what + ": /api/auth/session");
    }
}
