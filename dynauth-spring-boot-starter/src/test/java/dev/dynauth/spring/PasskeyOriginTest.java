package dev.dynauth.spring;

import dev.dynauth.spring.passkey.DynauthUserEntityRepository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.app.TestApp;
import java.net.URI;
import java.time.Duration;
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
 * Passkeys on any port (issue 9): with neither {@code dynauth.url} nor passkey properties set, a development
 * application on loopback takes the relying-party id and origin from the request, so a passkey registers and
 * signs in on whatever port the application runs (it used to work on 8080 only); a foreign host gets a 400. In the
 * context of the {@link MigrationWithRevocationTest} classes: passkeys on with neither property, and sign-in issues a
 * database session as by default (JWTs are only read there, and its fault injectors stay off).
 */
@MigrationWithRevocationTest
class PasskeyOriginTest {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;

    private static String challenge(MvcResult r) throws Exception {
        Matcher m = Pattern.compile("\"challenge\"\\s*:\\s*\"([^\"]+)\"").matcher(r.getResponse().getContentAsString());
        assertTrue(m.find(), r.getResponse().getContentAsString());
        return m.group(1);
    }

    private void ceremony(String origin) throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        String session = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(session, user.id(), clock.instant().plus(Duration.ofDays(30))));
        Browser browser = new Browser(mvc);
        String csrf = Browser.csrfField(browser.get(origin + "/api/auth/signin"));
        browser.cookies.put("authjs.session-token", session);
        SoftwareAuthenticator key = new SoftwareAuthenticator("localhost", origin);
        MvcResult options = browser.perform(MockMvcRequestBuilders.post(URI.create(origin + "/webauthn/register/options"))
                .header("X-XSRF-TOKEN", csrf).accept(MediaType.APPLICATION_JSON));
        assertEquals(200, options.getResponse().getStatus());
        assertTrue(options.getResponse().getContentAsString().contains("\"id\":\"localhost\""),
                options.getResponse().getContentAsString());
        MvcResult registered = browser.perform(MockMvcRequestBuilders.post(URI.create(origin + "/webauthn/register"))
                .header("X-XSRF-TOKEN", csrf).contentType(MediaType.APPLICATION_JSON)
                .content(key.registration(challenge(options), "key")));
        assertEquals(200, registered.getResponse().getStatus(), origin + ": " + registered.getResponse().getContentAsString());

        Browser other = new Browser(mvc);
        String csrf2 = Browser.csrfField(other.get(origin + "/api/auth/signin"));
        MvcResult request = other.perform(MockMvcRequestBuilders.post(URI.create(origin + "/webauthn/authenticate/options"))
                .header("X-XSRF-TOKEN", csrf2).accept(MediaType.APPLICATION_JSON));
        MvcResult login = other.perform(MockMvcRequestBuilders.post(URI.create(origin + "/login/webauthn"))
                .header("X-XSRF-TOKEN", csrf2).contentType(MediaType.APPLICATION_JSON)
                .content(key.assertion(challenge(request), DynauthUserEntityRepository.idOf(user.id()).getBytes())));
        assertEquals(200, login.getResponse().getStatus(), origin + ": " + login.getResponse().getContentAsString());
        assertNotNull(other.cookies.get("authjs.session-token"));
    }

    @Test
    void passkeysWorkOnAnyLoopbackPort() throws Exception {
        ceremony("http://localhost:8123");
        ceremony("http://localhost:3000");
        ceremony("http://localhost");
    }

    @Test
    void aForeignHostGetsNoRelyingParty() throws Exception {
        Browser browser = new Browser(mvc);
        String csrf = Browser.csrfField(browser.get("http://localhost/api/auth/signin"));
        MvcResult r = browser.perform(MockMvcRequestBuilders.post(URI.create("http://evil.example/webauthn/authenticate/options"))
                .header("X-XSRF-TOKEN", csrf).accept(MediaType.APPLICATION_JSON));
        assertEquals(400, r.getResponse().getStatus());
    }
}
