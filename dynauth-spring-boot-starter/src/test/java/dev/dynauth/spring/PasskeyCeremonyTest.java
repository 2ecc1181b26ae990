package dev.dynauth.spring;

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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
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
@SpringBootTest(classes = TestApp.class, properties = {"dynauth.passkeys.enabled=true", "dynauth.passkeys.rp-id=localhost",
        "dynauth.passkeys.allowed-origins=http://localhost"})
@AutoConfigureMockMvc
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
}
