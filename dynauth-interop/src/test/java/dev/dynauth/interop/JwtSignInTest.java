package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dynauth.interop.app.StarterApp;
import dev.dynauth.testkit.HttpBrowser;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 13: real sign-ins with JWT sessions on one table and rotated secrets ({@code AUTH_SECRET_1}) on both sides,
 * on the servlet starter. The plain sign-ins and sign-outs both ways and chunked cookies are
 * {@link StarterSignInCases}, on both stacks.
 */
class JwtSignInTest extends InteropBase {

    static final String COOKIE = "authjs.session-token";
    private ConfigurableApplicationContext app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    /** The starter in jwt mode on the table, and the Node driver configured with the same secrets in jwt mode. */
    private HttpBrowser start(Table t, Map<String, Object> springProperties, Map<String, Object> nodeEnv) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("dynauth.session.strategy", "jwt");
        props.putAll(springProperties);
        app = StarterApp.start(dynamo(), t.options(), props);
        t.npm(Map.of("strategy", "jwt", "env", nodeEnv));
        return new HttpBrowser("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void rotatedSecretsWorkBothWaysInAuthJsOrder() throws Exception {
        Table t = table(Schema.DEFAULT);
        String oldSecret = "old-" + SECRET;
        String newSecret = "new-" + SECRET;
        // Both sides: AUTH_SECRET (old) and AUTH_SECRET_1 (new): Auth.js encodes with AUTH_SECRET_1
        HttpBrowser starter = start(t, Map.of("dynauth.secret", oldSecret, "AUTH_SECRET_1", newSecret),
                Map.of("AUTH_SECRET", oldSecret, "AUTH_SECRET_1", newSecret));

        String email = "rot-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String fromNode = (String) map(node.op("signInWithEmail", Map.of("email", email)).get("cookies")).get(COOKIE);
        assertEquals(200, me(starter, Map.of(COOKIE, fromNode)).statusCode(), "Node's token in the starter");
        assertNull(JwtTokensTest.nodeDecode("v5", fromNode, oldSecret, COOKIE), "Node encoded with AUTH_SECRET_1, not AUTH_SECRET");

        String fromStarter = StarterSignInCases.magicLinkSignIn(new HttpBrowser(starter.base()), "rot2-" + email);
        assertNotNull(JwtTokensTest.nodeDecode("v5", fromStarter, newSecret, COOKIE), "the starter encodes with AUTH_SECRET_1 too");
        assertNull(JwtTokensTest.nodeDecode("v5", fromStarter, oldSecret, COOKIE));
        assertNotNull(map(node.op("session", Map.of("cookies", Map.of(COOKIE, fromStarter)))).get("body"));

        // a token of the old secret alone (before the rotation) still signs in on both
        String before = JwtTokensTest.nodeEncode("v5", Map.of("sub", "someone", "email", "s@example.com"), oldSecret, COOKIE, 3600);
        assertEquals(200, me(starter, Map.of(COOKIE, before)).statusCode());
        assertNotNull(map(node.op("session", Map.of("cookies", Map.of(COOKIE, before)))).get("body"));
    }

    /** {@code GET /me} with only these cookies. */
    private static HttpResponse<String> me(HttpBrowser starter, Map<String, ?> cookies) throws Exception {
        return StarterSignInCases.browser(new HttpBrowser(starter.base()), cookies).get("/me", "application/json");
    }
}
