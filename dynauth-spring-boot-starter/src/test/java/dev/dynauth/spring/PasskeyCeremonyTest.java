package dev.dynauth.spring;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.passkey.DynauthUserEntityRepository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterAuthenticator;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.SessionAndUser;
import dev.dynauth.spring.app.TestApp;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * A whole passkey registration and sign-in through Spring Security's endpoints with a software
 * authenticator: the credential lands in Auth.js's Authenticator and Account items, the challenges
 * travel in cookies, the counter moves through updateAuthenticatorCounter, and the sign-in yields an
 * Auth.js database session.
 */
@DynauthAppTest(properties = {"dynauth.passkeys.enabled=true", "dynauth.passkeys.rp-id=localhost",
        "dynauth.passkeys.allowed-origins=http://localhost"})
class PasskeyCeremonyTest {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;

    private static String challenge(MvcResult r) throws Exception {
        Matcher m = Pattern.compile("\"challenge\"\\s*:\\s*\"([^\"]+)\"").matcher(r.getResponse().getContentAsString());
        assertTrue(m.find(), r.getResponse().getContentAsString());
        return m.group(1);
    }

    @Test
    void theSignInPageOffersAPasskeyButtonWithItsScript() throws Exception {
        Browser browser = new Browser(mvc);
        MvcResult page = browser.get("/api/auth/signin");
        String html = page.getResponse().getContentAsString();
        String csrf = Browser.csrfField(page);
        assertTrue(html.contains("<button type=\"button\" id=\"dynauth-passkey\" hidden"),
                "hidden until the script finds WebAuthn: " + html);
        assertTrue(html.contains("data-csrf-header=\"X-XSRF-TOKEN\" data-csrf-token=\"" + csrf + "\""), html);
        assertTrue(html.contains("<script src=\"/api/auth/passkey.js\" defer></script>"), html);
        // still usable without JavaScript
        assertTrue(html.contains("action=\"/api/auth/signin/email\""), html);

        MvcResult script = browser.get("/api/auth/passkey.js");
        assertEquals(200, script.getResponse().getStatus());
        assertTrue(script.getResponse().getContentType().startsWith("text/javascript"));
        String js = script.getResponse().getContentAsString();
        assertTrue(js.contains("\"/webauthn/authenticate/options\""), js);
        assertTrue(js.contains("\"/login/webauthn\""), js);
        assertTrue(js.contains("navigator.credentials.get"), js);
        assertTrue(js.contains("result.redirectUrl"), js);
    }

    @Test
    void registerThenSignInWithAPasskey() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        String session = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(session, user.id(), clock.instant().plus(Duration.ofDays(30))));

        Browser browser = new Browser(mvc);
        String csrf = Browser.csrfField(browser.get("/api/auth/signin"));
        browser.cookies.put("authjs.session-token", session);
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator("localhost", "http://localhost");

        // registration
        MvcResult options = browser.perform(MockMvcRequestBuilders.post("/webauthn/register/options")
                .header("X-XSRF-TOKEN", csrf).accept(MediaType.APPLICATION_JSON));
        assertEquals(200, options.getResponse().getStatus());
        MvcResult registered = browser.perform(MockMvcRequestBuilders.post("/webauthn/register")
                .header("X-XSRF-TOKEN", csrf).contentType(MediaType.APPLICATION_JSON)
                .content(authenticator.registration(challenge(options), "Test key")));
        assertEquals(200, registered.getResponse().getStatus(), registered.getResponse().getContentAsString());

        String b64 = Base64.getEncoder().encodeToString(authenticator.credentialId);
        AdapterAuthenticator stored = adapter.getAuthenticator(b64).orElseThrow();
        assertEquals(user.id(), stored.userId());
        assertEquals(0, stored.counter());
        assertEquals("multiDevice", stored.credentialDeviceType());
        assertEquals("webauthn", adapter.getAccount(b64, "webauthn").orElseThrow().type());

        // sign-in in a fresh browser, sent to the sign-in page by a protected page
        Browser other = new Browser(mvc);
        assertEquals(302, other.get("/me").getResponse().getStatus());
        String csrf2 = Browser.csrfField(other.get("/api/auth/signin"));
        MvcResult request = other.perform(MockMvcRequestBuilders.post("/webauthn/authenticate/options")
                .header("X-XSRF-TOKEN", csrf2).accept(MediaType.APPLICATION_JSON));
        assertEquals(200, request.getResponse().getStatus());
        MvcResult login = other.perform(MockMvcRequestBuilders.post("/login/webauthn")
                .header("X-XSRF-TOKEN", csrf2).contentType(MediaType.APPLICATION_JSON)
                .content(authenticator.assertion(challenge(request), DynauthUserEntityRepository.idOf(user.id()).getBytes())));
        assertEquals(200, login.getResponse().getStatus(), login.getResponse().getContentAsString());
        assertTrue(login.getResponse().getContentAsString().contains("\"redirectUrl\":\"/me\""),
                "back to the page the user wanted: " + login.getResponse().getContentAsString());
        String token = other.cookies.get("authjs.session-token");
        assertNotNull(token, "a passkey sign-in issues the Auth.js session cookie");
        SessionAndUser sau = adapter.getSessionAndUser(token).orElseThrow();
        assertEquals(user.id(), sau.user().id());
        assertEquals(1, adapter.getAuthenticator(b64).orElseThrow().counter(), "counter stored");
        assertEquals(200, other.get("/me").getResponse().getStatus());

        // the same assertion cannot be replayed: its challenge cookie was consumed
        MvcResult replay = other.perform(MockMvcRequestBuilders.post("/login/webauthn")
                .header("X-XSRF-TOKEN", csrf2).contentType(MediaType.APPLICATION_JSON)
                .content(authenticator.assertion(challenge(request), DynauthUserEntityRepository.idOf(user.id()).getBytes())));
        assertTrue(replay.getResponse().getStatus() >= 400, "replay refused: " + replay.getResponse().getStatus());
    }

    /** A signed-in browser with a passkey registered by {@code authenticator}; returns the user. */
    private AdapterUser registered(Browser browser, SoftwareAuthenticator authenticator) throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        String session = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(session, user.id(), clock.instant().plus(Duration.ofDays(30))));
        String csrf = Browser.csrfField(browser.get("/api/auth/signin"));
        browser.cookies.put("authjs.session-token", session);
        MvcResult options = browser.perform(MockMvcRequestBuilders.post("/webauthn/register/options")
                .header("X-XSRF-TOKEN", csrf).accept(MediaType.APPLICATION_JSON));
        MvcResult done = browser.perform(MockMvcRequestBuilders.post("/webauthn/register")
                .header("X-XSRF-TOKEN", csrf).contentType(MediaType.APPLICATION_JSON)
                .content(authenticator.registration(challenge(options), "Key")));
        assertEquals(200, done.getResponse().getStatus(), done.getResponse().getContentAsString());
        return user;
    }

    /** A synced passkey (counter always 0): its captured assertion and challenge cookie replayed from another browser. */
    @Test
    void aCapturedAssertionDoesNotSignInAnotherBrowserEvenWithCounterZero() throws Exception {
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator("localhost", "http://localhost");
        authenticator.synced = true;
        AdapterUser user = registered(new Browser(mvc), authenticator);

        Browser victim = new Browser(mvc);
        String csrf = Browser.csrfField(victim.get("/api/auth/signin"));
        MvcResult request = victim.perform(MockMvcRequestBuilders.post("/webauthn/authenticate/options")
                .header("X-XSRF-TOKEN", csrf).accept(MediaType.APPLICATION_JSON));
        String body = authenticator.assertion(challenge(request), DynauthUserEntityRepository.idOf(user.id()).getBytes());
        java.util.Map<String, String> captured = new java.util.LinkedHashMap<>(victim.cookies);
        MvcResult login = victim.perform(MockMvcRequestBuilders.post("/login/webauthn")
                .header("X-XSRF-TOKEN", csrf).contentType(MediaType.APPLICATION_JSON).content(body));
        assertEquals(200, login.getResponse().getStatus(), login.getResponse().getContentAsString());
        assertNotNull(victim.cookies.get("authjs.session-token"));
        assertEquals(0, adapter.getAuthenticator(Base64.getEncoder().encodeToString(authenticator.credentialId))
                .orElseThrow().counter(), "a synced passkey's counter stays 0");

        Browser attacker = new Browser(mvc);
        attacker.cookies.putAll(captured); // the sealed challenge cookie too
        MvcResult replay = attacker.perform(MockMvcRequestBuilders.post("/login/webauthn")
                .header("X-XSRF-TOKEN", csrf).contentType(MediaType.APPLICATION_JSON).content(body));
        assertTrue(replay.getResponse().getStatus() >= 400 && replay.getResponse().getStatus() < 500,
                "replay refused: " + replay.getResponse().getStatus());
        assertEquals(null, attacker.cookies.get("authjs.session-token"), "no second session");
    }

    /** A registration challenge is good once too: a copied registration cookie cannot add a second passkey. */
    @Test
    void aRegistrationChallengeIsUsedOnce() throws Exception {
        Browser browser = new Browser(mvc);
        registered(browser, new SoftwareAuthenticator("localhost", "http://localhost"));
        String csrf = Browser.csrfField(browser.get("/api/auth/signin"));
        MvcResult options = browser.perform(MockMvcRequestBuilders.post("/webauthn/register/options")
                .header("X-XSRF-TOKEN", csrf).accept(MediaType.APPLICATION_JSON));
        java.util.Map<String, String> captured = new java.util.LinkedHashMap<>(browser.cookies);
        MvcResult first = browser.perform(MockMvcRequestBuilders.post("/webauthn/register")
                .header("X-XSRF-TOKEN", csrf).contentType(MediaType.APPLICATION_JSON)
                .content(new SoftwareAuthenticator("localhost", "http://localhost").registration(challenge(options), "A")));
        assertEquals(200, first.getResponse().getStatus());
        browser.cookies.putAll(captured);
        SoftwareAuthenticator second = new SoftwareAuthenticator("localhost", "http://localhost");
        MvcResult again = browser.perform(MockMvcRequestBuilders.post("/webauthn/register")
                .header("X-XSRF-TOKEN", csrf).contentType(MediaType.APPLICATION_JSON)
                .content(second.registration(challenge(options), "B")));
        assertEquals(400, again.getResponse().getStatus());
        assertTrue(adapter.getAuthenticator(Base64.getEncoder().encodeToString(second.credentialId)).isEmpty());
    }

    /** Registrations Spring Security refuses: the passkeys page with a plain message and a 4xx, never a 500. */
    @Test
    void refusedRegistrationsAreThePasskeysPageWithA4xx() throws Exception {
        Browser owner = new Browser(mvc);
        SoftwareAuthenticator owned = new SoftwareAuthenticator("localhost", "http://localhost");
        registered(owner, owned);

        Browser browser = new Browser(mvc);
        registered(browser, new SoftwareAuthenticator("localhost", "http://localhost"));
        java.util.Map<String, SoftwareAuthenticator> bad = new java.util.LinkedHashMap<>();
        bad.put("cross-origin", new SoftwareAuthenticator("localhost", "http://evil.example"));
        bad.put("another relying party", new SoftwareAuthenticator("evil.example", "http://localhost"));
        SoftwareAuthenticator wrongType = new SoftwareAuthenticator("localhost", "http://localhost");
        wrongType.createType = "webauthn.get";
        bad.put("wrong type", wrongType);
        SoftwareAuthenticator absent = new SoftwareAuthenticator("localhost", "http://localhost");
        absent.createFlags = 0x04 | 0x08 | 0x40;
        bad.put("user presence off", absent);
        SoftwareAuthenticator stolenId = new SoftwareAuthenticator("localhost", "http://localhost");
        System.arraycopy(owned.credentialId, 0, stolenId.credentialId, 0, owned.credentialId.length);
        bad.put("another user's credential id", stolenId);
        bad.put("foreign challenge", new SoftwareAuthenticator("localhost", "http://localhost"));
        try (LogCapture logs = LogCapture.start_()) {
            for (var e : bad.entrySet()) {
                String csrf = Browser.csrfField(browser.get("/api/auth/signin"));
                MvcResult options = browser.perform(MockMvcRequestBuilders.post("/webauthn/register/options")
                        .header("X-XSRF-TOKEN", csrf).accept(MediaType.APPLICATION_JSON));
                String challenge = e.getKey().equals("foreign challenge")
                        ? SoftwareAuthenticator.b64url(UUID.randomUUID().toString().getBytes()) : challenge(options);
                MvcResult r = browser.perform(MockMvcRequestBuilders.post("/webauthn/register")
                        .header("X-XSRF-TOKEN", csrf).contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                        .content(e.getValue().registration(challenge, "Bad")));
                int status = r.getResponse().getStatus();
                String page = r.getResponse().getContentAsString();
                assertTrue(status >= 400 && status < 500, e.getKey() + ": " + status);
                assertTrue(page.contains("No passkey was added") && page.contains("Your passkeys"), e.getKey() + ": " + page);
                assertTrue(!page.contains("Exception") && !page.contains("\tat "), e.getKey() + ": " + page);
            }
            assertTrue(logs.withStackTraces().isEmpty(), String.join("\n", logs.withStackTraces()));
        }
        assertEquals(1, adapter.listAuthenticatorsByUserId(adapter.getAuthenticator(
                Base64.getEncoder().encodeToString(owned.credentialId)).orElseThrow().userId()).size(),
                "the owner's passkey is untouched");
    }
}
