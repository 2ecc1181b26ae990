package dev.dynauth.spring.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.app.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Sessions on WebFlux (a real Netty server): the Auth.js cookie, the principal, the session JSON, Bearer tokens, sign-in
 * through the repository, the sliding expiry, sign-out. Run on the embedded DynamoDB Local ({@link ReactiveSessionTest})
 * and on DynamoDB Local over HTTP with the CRT client under BlockHound ({@link ReactiveBlockHoundTest}).
 */
abstract class ReactiveSessionCases {

    @Autowired WebTestClient web;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;

    AdapterUser user;

    @BeforeEach
    void setUp() {
        user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").name("Ada").build());
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String authJsSession() {
        String token = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(token, user.id(), clock.instant().plus(Duration.ofDays(30))));
        return token;
    }

    @Test
    void anAuthJsSessionSignsTheRequestIn() {
        String token = authJsSession();
        EntityExchangeResult<String> me = web.get().uri("/me").cookie("authjs.session-token", token).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult();
        assertEquals(user.id() + " " + user.email(), me.getResponseBody());
        web.get().uri("/holder").cookie("authjs.session-token", token).exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo(user.id());
        web.get().uri("/api/auth/session").cookie("authjs.session-token", token).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.user.id").isEqualTo(user.id()).jsonPath("$.user.email").isEqualTo(user.email());
    }

    @Test
    void signedOutPagesGoToTheSignInPageAndApiClientsGet401() {
        web.get().uri("/me").accept(org.springframework.http.MediaType.TEXT_HTML).exchange()
                .expectStatus().isFound().expectHeader().valueMatches(HttpHeaders.LOCATION, ".*/api/auth/signin");
        web.get().uri("/me").accept(org.springframework.http.MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/auth/session").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("{}");
    }

    @Test
    void anUnknownSessionCookieIsCleared() {
        List<String> set = web.get().uri("/me").cookie("authjs.session-token", UUID.randomUUID().toString())
                .accept(org.springframework.http.MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isUnauthorized().returnResult(String.class).getResponseHeaders().get(HttpHeaders.SET_COOKIE);
        assertTrue(set != null && set.stream().anyMatch(h -> h.startsWith("authjs.session-token=;") && h.contains("Max-Age=0")), String.valueOf(set));
    }

    @Test
    void aBearerDatabaseTokenSignsInAndAMalformedOneIs401() {
        String token = authJsSession();
        web.get().uri("/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange().expectStatus().isOk();
        for (String bad : List.of("Bearer %zz", "Bearer ", "Bearer", "Basic abc", "Bearer " + "x".repeat(5000), "Bearer a.b.c.d.e")) {
            web.get().uri("/me").header(HttpHeaders.AUTHORIZATION, bad).exchange().expectStatus().isUnauthorized();
        }
    }

    @Test
    void signOutDeletesTheSession() {
        String token = authJsSession();
        String csrf = UUID.randomUUID().toString();
        web.post().uri("/api/auth/signout").cookie("authjs.session-token", token).cookie("XSRF-TOKEN", csrf)
                .header("X-XSRF-TOKEN", csrf).exchange().expectStatus().is3xxRedirection()
                .expectHeader().valueMatches(HttpHeaders.SET_COOKIE, "authjs.session-token=;.*Max-Age=0.*");
        assertTrue(adapter.getSessionAndUser(token).isEmpty(), "the session is deleted");
    }

    @Test
    void theRepositorySignsAnAdapterUserInWithANewSession() {
        List<String> set = web.post().uri("/test/sign-in/" + user.id()).cookie("XSRF-TOKEN", "t").header("X-XSRF-TOKEN", "t")
                .exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().get(HttpHeaders.SET_COOKIE);
        String cookie = set.stream().filter(h -> h.startsWith("authjs.session-token=")).findFirst().orElseThrow();
        String token = cookie.substring("authjs.session-token=".length(), cookie.indexOf(';'));
        assertTrue(adapter.getSessionAndUser(token).isPresent(), "a session item");
        web.get().uri("/me").cookie("authjs.session-token", token).exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo(user.id() + " " + user.email());
    }

    @Test
    void theSlidingExpiryExtendsAnOldSessionAndReissuesTheCookie() {
        String token = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(token, user.id(), clock.instant().plus(Duration.ofDays(2))));
        web.get().uri("/me").cookie("authjs.session-token", token).exchange().expectStatus().isOk()
                .expectHeader().valueMatches(HttpHeaders.SET_COOKIE, "authjs.session-token=" + token + ";.*Max-Age=2592000.*");
        assertEquals(clock.instant().plus(Duration.ofDays(30)), adapter.getSessionAndUser(token).orElseThrow().session().expires());
    }
}
