package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.authserver.AuthServer;
import dev.dynauth.spring.oauth2.CookieAuthorizationRequestRepository;
import dev.dynauth.spring.reactive.UnderBlockHound;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * OAuth2 / OIDC sign-in on WebFlux with Spring Security's reactive OAuth2 client, over real HTTP against a real
 * authorization server on loopback: Auth.js's rules for creating, finding and linking users through the adapter,
 * the sealed single-use state cookie, and the callbackUrl kept through the provider. Runs {@link UnderBlockHound under
 * BlockHound} (providers {@code idp} and {@code trusting}, the latter with dangerous email linking): a blocking call on
 * an event loop fails the case.
 */
@UnderBlockHound
class ReactiveOAuth2LoginTest extends OverHttp {

    static final AuthServer idp = AuthServer.shared();

    @Autowired dev.dynauth.spring.app.TestApp.MutableClock clock;

    /** Starts the sign-in, signs {@code user} in at the provider, and returns the provider's redirect back. */
    private String callbackFor(String registrationId, String user, String query) throws Exception {
        HttpResponse<String> start = get("/api/auth/signin/" + registrationId + query);
        assertEquals(302, start.statusCode(), start.body());
        String authorize = start.headers().firstValue("Location").orElseThrow();
        assertTrue(authorize.startsWith(idp.base() + "/oauth2/authorize?"), authorize);
        assertTrue(authorize.contains("redirect_uri=" + enc(base + "/api/auth/callback/" + registrationId) + "&")
                || authorize.contains("redirect_uri=" + base + "/api/auth/callback/" + registrationId + "&"), authorize);
        assertNotNull(cookie(CookieAuthorizationRequestRepository.COOKIE), "authorization request in a cookie");
        String callback = idp.authorize(authorize, user);
        assertTrue(callback.startsWith(base + "/api/auth/callback/" + registrationId + "?"), callback);
        return callback;
    }

    private HttpResponse<String> follow(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String cookie(String name) {
        return jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).filter(v -> !v.isEmpty()).findFirst().orElse(null);
    }

    @Test
    void newUserIsCreatedWithTheAccountAndItsTokensAndGoesToTheCallbackUrl() throws Exception {
        HttpResponse<String> done = follow(callbackFor("idp", "alice", "?callbackUrl=%2Fpublic%2Fhello"));
        assertEquals(302, done.statusCode(), done.body());
        assertEquals(base + "/public/hello", location(done));
        String token = sessionToken();
        assertNotNull(token, "signed in");
        AdapterUser alice = adapter.getSessionAndUser(token).orElseThrow().user();
        assertEquals("alice@example.com", alice.email());
        assertNull(alice.emailVerified(), "Auth.js creates OAuth users with emailVerified null");
        AdapterAccount account = adapter.getAccount("alice", "idp").orElseThrow();
        assertEquals(alice.id(), account.userId());
        assertEquals("oidc", account.type());
        assertNotNull(account.accessToken());
        assertNotNull(account.idToken());
        assertEquals("bearer", account.tokenType());
        assertNull(cookie(CookieAuthorizationRequestRepository.COOKIE), "authorization request cookie cleared");
        assertEquals(200, get("/me").statusCode());
    }

    @Test
    void aForeignCallbackUrlEndsAtTheHomePage() throws Exception {
        HttpResponse<String> done = follow(callbackFor("idp", "grace", "?callbackUrl=" + enc("https://evil.example/x")));
        assertEquals(base + "/", location(done));
    }

    @Test
    void existingEmailIsRefusedWithOAuthAccountNotLinked() throws Exception {
        AdapterUser bob = adapter.createUser(AdapterUser.builder().email("bob@example.com").build());
        HttpResponse<String> done = follow(callbackFor("idp", "bob", ""));
        assertEquals(base + "/api/auth/error?error=OAuthAccountNotLinked", location(done));
        assertNull(sessionToken());
        assertTrue(adapter.getUserByAccount("idp", "bob").isEmpty(), "nothing linked");
        assertEquals(bob.id(), adapter.getUserByEmail("bob@example.com").orElseThrow().id());
        HttpResponse<String> page = follow(location(done));
        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("same account you used originally"), page.body());
    }

    @Test
    void providerWithDangerousEmailLinkingLinksToTheExistingUser() throws Exception {
        AdapterUser erin = adapter.createUser(AdapterUser.builder().email("erin@example.com").build());
        HttpResponse<String> done = follow(callbackFor("trusting", "erin", ""));
        assertEquals(base + "/", location(done));
        assertEquals(erin.id(), adapter.getSessionAndUser(sessionToken()).orElseThrow().user().id());
        assertEquals(erin.id(), adapter.getUserByAccount("trusting", "erin").orElseThrow().id());
    }

    @Test
    void aSignedInUserLinksANewAccountAndKeepsTheirSession() throws Exception {
        AdapterUser carol = adapter.createUser(AdapterUser.builder().email("carol@example.com").build());
        String session = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(session, carol.id(), clock.instant().plus(Duration.ofDays(1))));
        HttpCookie own = new HttpCookie("authjs.session-token", session);
        own.setPath("/");
        jar.getCookieStore().add(URI.create(base), own);
        HttpResponse<String> done = follow(callbackFor("idp", "dave", ""));
        assertEquals(base + "/", location(done));
        assertEquals(carol.id(), adapter.getUserByAccount("idp", "dave").orElseThrow().id(), "linked to the signed-in user");
        assertTrue(adapter.getUserByEmail("dave@example.com").isEmpty(), "no new user");
        assertEquals(session, sessionToken(), "same session");
    }

    @Test
    void anAccountOfAnotherUserIsRefusedWhileSignedIn() throws Exception {
        follow(callbackFor("idp", "frank", ""));
        String frank = adapter.getUserByAccount("idp", "frank").orElseThrow().id();
        AdapterUser other = adapter.createUser(AdapterUser.builder().email("someone.else@example.com").build());
        String session = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(session, other.id(), clock.instant().plus(Duration.ofDays(1))));
        jar.getCookieStore().removeAll();
        HttpCookie own = new HttpCookie("authjs.session-token", session);
        own.setPath("/");
        jar.getCookieStore().add(URI.create(base), own);
        HttpResponse<String> done = follow(callbackFor("idp", "frank", ""));
        assertEquals(base + "/api/auth/error?error=OAuthAccountNotLinked", location(done));
        assertEquals(frank, adapter.getUserByAccount("idp", "frank").orElseThrow().id());
    }

    @Test
    void aReplayedOrCrossedCallbackIsRefused() throws Exception {
        String callback = callbackFor("idp", "heidi", "");
        String sealed = cookie(CookieAuthorizationRequestRepository.COOKIE);
        // another provider's callback with this provider's state cookie
        String crossed = callback.replace("/api/auth/callback/idp?", "/api/auth/callback/trusting?");
        assertEquals(base + "/api/auth/error?error=OAuthCallbackError", location(follow(crossed)));
        assertNull(sessionToken());
        assertEquals(base + "/", location(follow(callback)), "the right callback still works once");
        String userId = adapter.getUserByAccount("idp", "heidi").orElseThrow().id();
        // the copied cookie, replayed (as by another instance): its state was used
        jar.getCookieStore().removeAll();
        HttpResponse<String> replay = http.send(HttpRequest.newBuilder(URI.create(callback))
                .header("Cookie", CookieAuthorizationRequestRepository.COOKIE + "=" + sealed).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(base + "/api/auth/error?error=OAuthCallbackError", location(replay));
        assertTrue(replay.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("authjs.session-token=")
                && !c.startsWith("authjs.session-token=;")), "no session");
        assertEquals(userId, adapter.getUserByAccount("idp", "heidi").orElseThrow().id());
    }

    @Test
    void signInPageListsTheProvidersAndTheEmailForm() throws Exception {
        String page = get("/api/auth/signin").body();
        assertTrue(page.contains("href=\"/api/auth/signin/idp\">Sign in with Test IdP idp</a>"), page);
        assertTrue(page.contains("href=\"/api/auth/signin/trusting\""), page);
        assertTrue(page.contains("action=\"/api/auth/signin/email\""), page);
        assertTrue(page.contains("<p class=\"dynauth-or\">or</p>"), page);
    }
}
