package dev.dynauth.spring.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.jwt.AuthJsJwt;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/**
 * The reactive session cases as production runs them, {@link UnderBlockHound under BlockHound}: any blocking call on a
 * non-blocking thread (the Netty event loops, the SDK's future-completion threads where the session code continues)
 * fails the case; {@link #aBlockingCallOnTheEventLoopIsCaught} shows the detector at work on a deliberate block. The
 * sign-in flows run under the same detector in the same context: {@code ReactiveSignInOverHttpTest} (magic links) and
 * {@code ReactiveOAuth2LoginTest}.
 */
@UnderBlockHound
class ReactiveBlockHoundTest extends ReactiveSessionCases {

    @Test
    void aBlockingCallOnTheEventLoopIsCaught() {
        web.get().uri("/test/block").exchange().expectStatus().is5xxServerError();
        List<String> seen = List.copyOf(BlockingCalls.SEEN);
        BlockingCalls.SEEN.clear();
        assertEquals(1, seen.size(), seen::toString);
        assertTrue(seen.get(0).contains("sleep") && seen.get(0).contains("-http-"), seen::toString);
    }

    /** A JWT of Auth.js's format for the user, issued at the clock's now. */
    private String jwt() {
        return AuthJsJwt.builder().secrets(List.of(UnderBlockHound.SECRET)).cookieName("authjs.session-token").clock(clock)
                .build().encode(Map.of("sub", user.id(), "email", user.email(), "name", "Ada"), Duration.ofDays(30));
    }

    @Test
    void aJwtCookieSignsInAndIsRenewedWithoutBlocking() {
        String token = jwt();
        web.get().uri("/me").cookie("authjs.session-token", token).exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo(user.id() + " " + user.email());
        clock.advance(Duration.ofDays(2));
        web.get().uri("/me").cookie("authjs.session-token", token).exchange().expectStatus().isOk()
                .expectHeader().valueMatches(HttpHeaders.SET_COOKIE, "authjs.session-token=ey[^;]+;.*Max-Age=2592000.*");
        web.post().uri("/me").cookie("authjs.session-token", token).cookie("XSRF-TOKEN", "t").header("X-XSRF-TOKEN", "t")
                .exchange().expectStatus().isOk(); // a write reads the user item: async
    }

    @Test
    void aJwtBearerTokenSignsInAndWritesNoCookie() {
        web.get().uri("/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt()).exchange().expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
    }
}
