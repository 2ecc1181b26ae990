package dev.dynauth.spring;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.authserver.WithAuthServer;
import dev.dynauth.spring.oauth2.CookieAuthorizationRequestRepository;
import dev.dynauth.spring.oauth2.DynamoDbSingleUse;
import dev.dynauth.spring.web.DynauthSecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.SessionAndUser;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.app.TestApp;
import dev.dynauth.spring.authserver.AuthServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * OAuth2 / OIDC sign-in through the real filter chain against a real authorization server on
 * loopback: Auth.js's rules for creating, finding and linking users.
 */
@WithAuthServer({"idp", "trusting"})
@DynauthAppTest(properties = "dynauth.providers.trusting.allow-dangerous-email-account-linking=true")
class OAuth2LoginTest {

    static final String APP = "http://127.0.0.1";
    static final AuthServer idp = AuthServer.shared();

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired OAuth2AuthorizedClientService authorizedClients;
    @Autowired DynamoDbClient dynamo;
    @Autowired TableOptions options;
    @Autowired TestApp.MutableClock clock;

    Browser browser;

    @BeforeEach
    void setUp() {
        browser = new Browser(mvc);
    }

    /** Runs the whole dance and returns the app's response to the provider's callback. */
    private MvcResult signInWith(String registrationId, String user) throws Exception {
        MvcResult start = browser.get(APP + "/api/auth/signin/" + registrationId);
        assertEquals(302, start.getResponse().getStatus());
        String authorize = start.getResponse().getRedirectedUrl();
        assertTrue(authorize.startsWith(idp.base() + "/oauth2/authorize?"), authorize);
        assertTrue(authorize.contains("redirect_uri=" + APP + "/api/auth/callback/" + registrationId + "&"),
                "Auth.js callback path: " + authorize);
        assertNotNull(browser.cookies.get(CookieAuthorizationRequestRepository.COOKIE), "authorization request in a cookie");
        String callback = idp.authorize(authorize, user);
        assertTrue(callback.startsWith(APP + "/api/auth/callback/" + registrationId + "?"), callback);
        return browser.get(callback);
    }

    private Map<String, AttributeValue> accountItem(String userId, String provider, String providerAccountId) {
        return dynamo.getItem(r -> r.tableName(options.tableName()).key(Map.of(
                options.partitionKey(), AttributeValue.fromS("USER#" + userId),
                options.sortKey(), AttributeValue.fromS("ACCOUNT#" + provider + "#" + providerAccountId)))).item();
    }

    @Test
    void newUserIsCreatedWithTheAccountAndItsTokens() throws Exception {
        MvcResult done = signInWith("idp", "alice");
        assertEquals(302, done.getResponse().getStatus());
        assertEquals("/", done.getResponse().getRedirectedUrl());
        String token = browser.cookies.get("authjs.session-token");
        assertNotNull(token, "signed in");
        SessionAndUser sau = adapter.getSessionAndUser(token).orElseThrow();
        AdapterUser alice = sau.user();
        assertEquals("alice@example.com", alice.email());
        assertNull(alice.emailVerified(), "Auth.js creates OAuth users with emailVerified null");
        assertEquals("User alice", alice.name());
        assertEquals(alice.id(), adapter.getUserByAccount("idp", "alice").orElseThrow().id());

        AdapterAccount account = adapter.getAccount("alice", "idp").orElseThrow();
        assertEquals("oidc", account.type());
        assertNotNull(account.accessToken());
        assertNotNull(account.idToken());
        assertEquals("bearer", account.tokenType());
        assertNotNull(account.expiresAt());
        assertTrue(account.scope().contains("openid"), account.scope());
        assertNotNull(AuthServer.lastSessionState());
        assertEquals(AuthServer.lastSessionState(), account.sessionState(), "the provider's session_state, as Auth.js stores it");
        // stored under Auth.js's attribute names
        Map<String, AttributeValue> item = accountItem(alice.id(), "idp", "alice");
        assertEquals(account.accessToken(), item.get("access_token").s());
        assertEquals(account.idToken(), item.get("id_token").s());
        assertNotNull(item.get("expires_at").n());
        assertFalse(account.toString().contains(account.accessToken()), "tokens never in toString");

        // the authorized client service reads the Account item
        OAuth2AuthorizedClient client = authorizedClients.loadAuthorizedClient("idp", alice.id());
        assertNotNull(client);
        assertEquals(account.accessToken(), client.getAccessToken().getTokenValue());
        assertEquals(200, browser.get(APP + "/me").getResponse().getStatus());
        assertNull(browser.cookies.get(CookieAuthorizationRequestRepository.COOKIE), "authorization request cookie cleared");

        // signing in again finds the same user
        browser.cookies.clear();
        signInWith("idp", "alice");
        assertEquals(alice.id(), adapter.getSessionAndUser(browser.cookies.get("authjs.session-token")).orElseThrow().user().id());
        assertEquals(AuthServer.lastSessionState(), adapter.getAccount("alice", "idp").orElseThrow().sessionState(),
                "the new sign-in's session_state");
        assertEquals(AuthServer.lastSessionState(), accountItem(alice.id(), "idp", "alice").get("session_state").s());
    }

    @Test
    void signInPageListsTheProvidersAndTheEmailForm() throws Exception {
        String page = browser.get(APP + "/api/auth/signin").getResponse().getContentAsString();
        assertTrue(page.contains("href=\"/api/auth/signin/idp\">Sign in with Test IdP idp</a>"), page);
        assertTrue(page.contains("href=\"/api/auth/signin/trusting\""), page);
        assertTrue(page.contains("action=\"/api/auth/signin/email\""), page);
        assertTrue(page.contains("name=\"_csrf\""), page);
    }

    @Test
    void existingEmailIsRefusedWithOAuthAccountNotLinked() throws Exception {
        AdapterUser bob = adapter.createUser(AdapterUser.builder().email("bob@example.com").build());
        MvcResult done = signInWith("idp", "bob");
        assertEquals("/api/auth/error?error=OAuthAccountNotLinked", done.getResponse().getRedirectedUrl());
        assertNull(browser.cookies.get("authjs.session-token"));
        assertTrue(adapter.getUserByAccount("idp", "bob").isEmpty(), "nothing linked");
        assertTrue(adapter.getAccount("bob", "idp").isEmpty());
        assertEquals(bob.id(), adapter.getUserByEmail("bob@example.com").orElseThrow().id());
        MvcResult page = browser.get(APP + "/api/auth/error?error=OAuthAccountNotLinked");
        assertEquals(403, page.getResponse().getStatus());
        assertTrue(page.getResponse().getContentAsString().contains("same account you used originally"));
    }

    @Test
    void providerWithDangerousEmailLinkingLinksToTheExistingUser() throws Exception {
        AdapterUser erin = adapter.createUser(AdapterUser.builder().email("erin@example.com").name("Erin").build());
        MvcResult done = signInWith("trusting", "erin");
        assertEquals("/", done.getResponse().getRedirectedUrl());
        assertEquals(erin.id(), adapter.getSessionAndUser(browser.cookies.get("authjs.session-token")).orElseThrow().user().id());
        assertEquals(erin.id(), adapter.getUserByAccount("trusting", "erin").orElseThrow().id());
    }

    @Test
    void aSignedInUserLinksANewAccount() throws Exception {
        AdapterUser carol = adapter.createUser(AdapterUser.builder().email("carol.own@example.com").build());
        String session = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(session, carol.id(), clock.instant().plus(Duration.ofDays(30))));
        browser.cookies.put("authjs.session-token", session);

        MvcResult done = signInWith("idp", "dave");
        assertEquals("/", done.getResponse().getRedirectedUrl());
        assertEquals(carol.id(), adapter.getUserByAccount("idp", "dave").orElseThrow().id(), "linked to the signed-in user");
        assertTrue(adapter.getUserByEmail("dave@example.com").isEmpty(), "no new user");
        assertEquals(session, browser.cookies.get("authjs.session-token"), "same session");
    }

    @Test
    void anAccountOfAnotherUserIsRefusedWhileSignedIn() throws Exception {
        signInWith("idp", "frank");
        AdapterUser frank = adapter.getUserByAccount("idp", "frank").orElseThrow();

        AdapterUser other = adapter.createUser(AdapterUser.builder().email("other-" + UUID.randomUUID() + "@example.com").build());
        String session = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(session, other.id(), clock.instant().plus(Duration.ofDays(30))));
        browser.cookies.clear();
        browser.cookies.put("authjs.session-token", session);
        MvcResult done = signInWith("idp", "frank");
        assertEquals("/api/auth/error?error=OAuthAccountNotLinked", done.getResponse().getRedirectedUrl());
        assertEquals(frank.id(), adapter.getUserByAccount("idp", "frank").orElseThrow().id());
    }

    @Test
    void aForgedOrReplayedCallbackIsRefused() throws Exception {
        MvcResult start = browser.get(APP + "/api/auth/signin/idp");
        String callback = idp.authorize(start.getResponse().getRedirectedUrl(), "grace");
        // without the authorization request cookie (another browser)
        Map<String, String> saved = Map.copyOf(browser.cookies);
        browser.cookies.clear();
        MvcResult forged = browser.get(callback);
        assertEquals("/api/auth/error?error=OAuthCallbackError", forged.getResponse().getRedirectedUrl());
        assertNull(browser.cookies.get("authjs.session-token"));
        // with a tampered cookie
        browser.cookies.put(CookieAuthorizationRequestRepository.COOKIE,
                saved.get(CookieAuthorizationRequestRepository.COOKIE).substring(1) + "A");
        assertEquals("/api/auth/error?error=OAuthCallbackError", browser.get(callback).getResponse().getRedirectedUrl());
        assertTrue(adapter.getUserByAccount("idp", "grace").isEmpty());
    }

    @Test
    void oneProvidersCheckCookieIsRefusedAtAnotherProvidersCallback() throws Exception {
        MvcResult start = browser.get(APP + "/api/auth/signin/idp");
        String callback = idp.authorize(start.getResponse().getRedirectedUrl(), "heidi");
        // the state, PKCE verifier and nonce idp's sign-in set, brought to the callback of "trusting"
        MvcResult crossed = browser.get(callback.replace("/api/auth/callback/idp?", "/api/auth/callback/trusting?"));
        assertEquals("/api/auth/error?error=OAuthCallbackError", crossed.getResponse().getRedirectedUrl());
        assertNull(browser.cookies.get("authjs.session-token"));
        assertTrue(adapter.getUserByAccount("idp", "heidi").isEmpty() && adapter.getUserByAccount("trusting", "heidi").isEmpty());
        // at its own provider's callback the same cookie still works
        assertEquals("/", browser.get(callback).getResponse().getRedirectedUrl());
        assertTrue(adapter.getUserByAccount("idp", "heidi").isPresent());
    }

    @Test
    void theSealedStateCookieIsGoodOnceAcrossInstances(@Autowired CookieAuthorizationRequestRepository repository,
                                                        @Autowired DynauthSecret secret) throws Exception {
        MvcResult start = browser.get(APP + "/api/auth/signin/idp");
        String sealed = browser.cookies.get(CookieAuthorizationRequestRepository.COOKIE);
        String state = java.net.URLDecoder.decode(start.getResponse().getRedirectedUrl().replaceAll(".*[?&]state=([^&]+).*", "$1"),
                java.nio.charset.StandardCharsets.UTF_8);
        java.util.function.Supplier<org.springframework.mock.web.MockHttpServletRequest> callback = () -> {
            org.springframework.mock.web.MockHttpServletRequest r = new org.springframework.mock.web.MockHttpServletRequest(
                    "GET", "/api/auth/callback/idp");
            r.setParameter("state", state);
            r.setParameter("code", "c");
            r.setCookies(new jakarta.servlet.http.Cookie(CookieAuthorizationRequestRepository.COOKIE, sealed));
            return r;
        };
        org.springframework.mock.web.MockHttpServletResponse response = new org.springframework.mock.web.MockHttpServletResponse();
        assertNotNull(repository.removeAuthorizationRequest(callback.get(), response), "the first use");
        assertTrue(response.getHeader("Set-Cookie").contains("Max-Age=0"), "and the cookie is cleared");
        assertNull(repository.removeAuthorizationRequest(callback.get(), new org.springframework.mock.web.MockHttpServletResponse()),
                "a replayed copy of the cookie");
        CookieAuthorizationRequestRepository otherInstance = new CookieAuthorizationRequestRepository(secret,
                new DynauthProperties.Cookie(), new DynamoDbSingleUse(dynamo, options));
        assertNull(otherInstance.removeAuthorizationRequest(callback.get(), new org.springframework.mock.web.MockHttpServletResponse()),
                "replayed at another instance");
    }
}
