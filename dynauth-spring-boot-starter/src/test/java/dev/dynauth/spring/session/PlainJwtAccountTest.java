package dev.dynauth.spring.session;

import dev.dynauth.spring.SoftwareAuthenticator;
import dev.dynauth.spring.Browser;
import dev.dynauth.spring.LogCapture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterUser;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.app.TestApp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Plain {@code jwt} (no revocation): a deleted account's token still decodes until it expires, but a request that acts
 * on the user (every write) reads the user item and is signed out, never a 500 or a made-up passkey user; and the
 * passkeys page does not claim to sign other devices out, which this strategy cannot do.
 */
// one context with JwtSessionTest: the same application (its claims change nothing here) and properties
@DynauthAppTest(classes = {TestApp.class, JwtSessionTest.Claims.class}, properties = {"dynauth.session.strategy=jwt", "dynauth.passkeys.enabled=true",
        "dynauth.passkeys.rp-id=localhost", "dynauth.passkeys.allowed-origins=http://localhost"})
class PlainJwtAccountTest {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;

    @Test
    void aDeletedUsersJwtIsSignedOutOnEveryWrite() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        String jwt = AuthJsJwt.builder().cookieName("authjs.session-token").secrets("test-secret-not-for-production")
                .clock(clock).build().encode(Map.of("sub", user.id(), "email", user.email()), Duration.ofDays(30));
        adapter.deleteUser(user.id());
        try (LogCapture logs = LogCapture.start_()) {
            for (String path : new String[] {"/webauthn/register/options", "/webauthn/register",
                    "/webauthn/register/signout-others", "/webauthn/register/remove"}) {
                Browser b = new Browser(mvc);
                String csrf = Browser.csrfField(b.get("/api/auth/signin"));
                b.cookies.put("authjs.session-token", jwt);
                MvcResult r = b.perform(MockMvcRequestBuilders.post(path).header("X-XSRF-TOKEN", csrf)
                        .contentType(MediaType.APPLICATION_JSON).content(
                                new SoftwareAuthenticator("localhost", "http://localhost").registration("AAAA", "x")));
                int status = r.getResponse().getStatus();
                assertTrue(status == 401 || status == 302, path + ": " + status);
                if (status == 302) {
                    assertTrue(r.getResponse().getRedirectedUrl().contains("error=SessionRequired"), path);
                }
                assertTrue(b.setCookie("authjs.session-token").contains("Max-Age=0"), "the token is cleared: " + path);
            }
            assertTrue(logs.withStackTraces().isEmpty(), String.join("\n", logs.withStackTraces()));
        }
        assertTrue(adapter.getUser(user.id()).isEmpty(), "no user made up");
    }

    @Test
    void anAnonymousPasskeyRegistrationIsA401() throws Exception {
        Browser b = new Browser(mvc);
        String csrf = Browser.csrfField(b.get("/api/auth/signin"));
        for (String path : new String[] {"/webauthn/register/options", "/webauthn/register"}) {
            MvcResult r = b.perform(MockMvcRequestBuilders.post(path).header("X-XSRF-TOKEN", csrf)
                    .contentType(MediaType.APPLICATION_JSON).content("{}"));
            assertEquals(401, r.getResponse().getStatus(), path);
            assertFalse(r.getResponse().getContentAsString().contains("challenge"), path);
        }
    }

    @Test
    void thePageDoesNotClaimToSignOtherDevicesOut() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        Browser b = new Browser(mvc);
        b.cookies.put("authjs.session-token", AuthJsJwt.builder().cookieName("authjs.session-token")
                .secrets("test-secret-not-for-production").clock(clock).build()
                .encode(Map.of("sub", user.id(), "email", user.email()), Duration.ofDays(30)));
        String page = b.get("/webauthn/register?done=added").getResponse().getContentAsString();
        assertFalse(page.contains("Sign out all other devices"), page);
        assertTrue(page.contains("stay signed in until their sessions expire"), page);
        String csrf = Browser.csrfField(b.get("/api/auth/signin"));
        MvcResult r = b.post("/webauthn/register/signout-others", Map.of("_csrf", csrf));
        assertEquals("/webauthn/register?done=others-kept", r.getResponse().getRedirectedUrl());
        String after = b.get(r.getResponse().getRedirectedUrl()).getResponse().getContentAsString();
        assertFalse(after.contains("Every other device was signed out"), after);
        assertTrue(after.contains("cannot sign them out early"), after);
    }
}
