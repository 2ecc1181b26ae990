package dev.dynauth.spring;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.passkey.DynauthUserEntityRepository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.app.TestApp;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
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
 * The starter's passkeys page at {@code /webauthn/register} (instead of Spring Security's stock page): the
 * name the user typed, when each passkey was added and last used in words, removal of the user's own
 * passkeys only, and none of the stock page's jargon.
 */
@DynauthAppTest(properties = {"dynauth.passkeys.enabled=true", "dynauth.passkeys.rp-id=localhost",
        "dynauth.passkeys.allowed-origins=http://localhost"})
class PasskeysPageTest {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;

    private static String challenge(MvcResult r) throws Exception {
        Matcher m = Pattern.compile("\"challenge\"\\s*:\\s*\"([^\"]+)\"").matcher(r.getResponse().getContentAsString());
        assertTrue(m.find(), r.getResponse().getContentAsString());
        return m.group(1);
    }

    private Browser signedIn(AdapterUser user) {
        String session = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(session, user.id(), clock.instant().plus(Duration.ofDays(30))));
        Browser browser = new Browser(mvc);
        browser.cookies.put("authjs.session-token", session);
        return browser;
    }

    private static void register(Browser browser, String csrf, SoftwareAuthenticator authenticator, String label)
            throws Exception {
        MvcResult options = browser.perform(MockMvcRequestBuilders.post("/webauthn/register/options")
                .header("X-XSRF-TOKEN", csrf).accept(MediaType.APPLICATION_JSON));
        MvcResult registered = browser.perform(MockMvcRequestBuilders.post("/webauthn/register")
                .header("X-XSRF-TOKEN", csrf).contentType(MediaType.APPLICATION_JSON)
                .content(authenticator.registration(challenge(options), label)));
        assertEquals(200, registered.getResponse().getStatus(), registered.getResponse().getContentAsString());
    }

    @Test
    void listsNamesAndDatesInWordsAndRemovesOnlyTheUsersOwn() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        Browser browser = signedIn(user);
        MvcResult empty = browser.get("/webauthn/register");
        assertEquals(200, empty.getResponse().getStatus());
        String html = empty.getResponse().getContentAsString();
        assertTrue(html.contains("<title>Passkeys</title>") && html.contains("You have no passkeys yet."), html);
        assertTrue(html.contains("<form id=\"dynauth-passkey-register\" hidden"), "shown by the script: " + html);
        assertTrue(html.contains("<input id=\"label\" name=\"label\" required maxlength=\"64\""), html);
        String csrf = Browser.csrfField(browser.get("/api/auth/signin"));

        SoftwareAuthenticator laptop = new SoftwareAuthenticator("localhost", "http://localhost");
        register(browser, csrf, laptop, "Work laptop");
        clock.advance(Duration.ofDays(3));
        register(browser, csrf, new SoftwareAuthenticator("localhost", "http://localhost"), "Phone");
        clock.advance(Duration.ofHours(2));

        String page = browser.get("/webauthn/register?done=added").getResponse().getContentAsString();
        assertTrue(page.contains("Your passkey was added."), page);
        assertTrue(page.contains("<p>2 passkeys</p>"), page);
        assertTrue(page.matches("(?s).*Work laptop</span><br><small>Synced to your other devices · added <time [^>]+>3 days ago"
                + "</time> · not used to sign in yet.*"), page);
        assertTrue(page.matches("(?s).*Phone</span><br><small>[^<]* · added <time [^>]+>2 hours ago</time>.*"), page);
        assertFalse(page.contains("WebAuthn") || page.contains("Signature Count") || page.contains("webauthn.js"), page);

        // a sign-in with the laptop's passkey: "last used"
        Browser other = new Browser(mvc);
        String csrf2 = Browser.csrfField(other.get("/api/auth/signin"));
        MvcResult request = other.perform(MockMvcRequestBuilders.post("/webauthn/authenticate/options")
                .header("X-XSRF-TOKEN", csrf2).accept(MediaType.APPLICATION_JSON));
        MvcResult login = other.perform(MockMvcRequestBuilders.post("/login/webauthn")
                .header("X-XSRF-TOKEN", csrf2).contentType(MediaType.APPLICATION_JSON)
                .content(laptop.assertion(challenge(request), DynauthUserEntityRepository.idOf(user.id()).getBytes())));
        assertEquals(200, login.getResponse().getStatus());
        clock.advance(Duration.ofMinutes(5));
        page = browser.get("/webauthn/register").getResponse().getContentAsString();
        assertTrue(page.matches("(?s).*Work laptop</span><br><small>.* · last used <time [^>]+>5 minutes ago</time>.*"), page);

        // someone else cannot remove it, even knowing its id
        String laptopId = Base64.getUrlEncoder().withoutPadding().encodeToString(laptop.credentialId);
        AdapterUser mallory = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        Browser theirs = signedIn(mallory);
        String theirCsrf = Browser.csrfField(theirs.get("/api/auth/signin"));
        MvcResult refused = theirs.post("/webauthn/register/remove", Map.of("credentialId", laptopId, "_csrf", theirCsrf));
        assertEquals(404, refused.getResponse().getStatus());
        assertTrue(refused.getResponse().getContentAsString().contains("There is no such passkey"));
        assertEquals(2, adapter.listAuthenticatorsByUserId(user.id()).size());
        assertEquals(404, theirs.post("/webauthn/register/remove", Map.of("credentialId", "%%%", "_csrf", theirCsrf))
                .getResponse().getStatus(), "garbage is a 404, not a 500");
        assertEquals(403, browser.post("/webauthn/register/remove", Map.of("credentialId", laptopId)).getResponse().getStatus(),
                "no CSRF token, no removal");

        // the owner can
        MvcResult removed = browser.post("/webauthn/register/remove", Map.of("credentialId", laptopId, "_csrf", csrf));
        assertEquals("/webauthn/register?done=removed", removed.getResponse().getRedirectedUrl());
        assertEquals(1, adapter.listAuthenticatorsByUserId(user.id()).size());
        String after = browser.get("/webauthn/register?done=removed").getResponse().getContentAsString();
        assertTrue(after.contains("The passkey was removed.") && !after.contains(">Work laptop<") && after.contains(">Phone<"), after);
        assertTrue(adapter.getAccount(Base64.getEncoder().encodeToString(laptop.credentialId), "webauthn").isEmpty(),
                "its webauthn account is gone too");
    }

    @Test
    void afterAPasskeyChangeItOffersToSignOutEveryOtherDevice() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        Browser here = signedIn(user);
        Browser elsewhere = signedIn(user);
        String hereToken = here.cookies.get("authjs.session-token");
        String elsewhereToken = elsewhere.cookies.get("authjs.session-token");
        assertFalse(here.get("/webauthn/register").getResponse().getContentAsString().contains("signout-others"),
                "offered only after a change");
        for (String done : new String[] {"added", "removed"}) {
            String page = here.get("/webauthn/register?done=" + done).getResponse().getContentAsString();
            assertTrue(page.contains("action=\"/webauthn/register/signout-others\"")
                    && page.contains("Sign out all other devices"), page);
        }
        String csrf = Browser.csrfField(here.get("/api/auth/signin"));
        assertEquals(403, here.post("/webauthn/register/signout-others", Map.of()).getResponse().getStatus(),
                "no CSRF token, nothing ended");
        assertTrue(adapter.getSessionAndUser(elsewhereToken).isPresent());

        MvcResult ended = here.post("/webauthn/register/signout-others", Map.of("_csrf", csrf));
        assertEquals("/webauthn/register?done=others", ended.getResponse().getRedirectedUrl());
        assertTrue(adapter.getSessionAndUser(elsewhereToken).isEmpty(), "the other device is signed out");
        assertTrue(adapter.getSessionAndUser(hereToken).isPresent(), "this device stays signed in");
        assertTrue(here.get("/webauthn/register?done=others").getResponse().getContentAsString()
                .contains("Every other device was signed out."));
    }

    @Test
    void signedOutTheyLeadToTheSignInPage() throws Exception {
        Browser browser = new Browser(mvc);
        MvcResult page = browser.get("/webauthn/register");
        assertEquals(302, page.getResponse().getStatus());
        assertEquals("/api/auth/signin?callbackUrl=%2Fwebauthn%2Fregister", page.getResponse().getRedirectedUrl());
        String csrf = Browser.csrfField(browser.get("/api/auth/signin"));
        MvcResult remove = browser.post("/webauthn/register/remove", Map.of("credentialId", "abc", "_csrf", csrf));
        assertEquals("/api/auth/signin?error=SessionRequired", remove.getResponse().getRedirectedUrl());
    }
}
