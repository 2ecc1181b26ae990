package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.SessionAndUser;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 3, point 5: real sign-ins through {@code @auth/core} 0.41.3 with the npm adapter (database
 * sessions, cookie {@code authjs.session-token}), seen and ended by dynauth, and the reverse.
 */
class SignInTest extends InteropBase {

    @Test
    void aMagicLinkSignInThroughAuthJsIsSeenAndEndedByDynauth() {
        Table t = table(Schema.DEFAULT);
        DynamoDbAdapter dynauth = t.dynauth();
        String email = "grace-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // Mixed case on purpose: Auth.js normalises the identifier.
        Map<String, Object> signIn = node.op("signInWithEmail", Map.of("email", email.toUpperCase()));
        assertEquals(302L, signIn.get("callbackStatus"), "the callback redirects after signing in: " + signIn);
        String sessionToken = (String) signIn.get("sessionToken");
        assertNotNull(sessionToken, "the callback response sets authjs.session-token");

        SessionAndUser seen = dynauth.getSessionAndUser(sessionToken).orElse(null);
        assertNotNull(seen, "dynauth finds the session @auth/core created");
        assertEquals(email, seen.user().email(), "the signed-in user, with the normalised email");
        assertNotNull(seen.user().emailVerified(), "the magic link verified the email");
        assertTrue(!seen.user().emailVerified().isBefore(before), "verified during this sign-in");
        assertEquals(seen.user().id(), seen.session().userId());
        assertTrue(seen.session().expires().isAfter(Instant.now().plus(Duration.ofDays(29))),
                "Auth.js's default maxAge of 30 days");
        // Field by field, the same as the npm adapter reads it.
        Map<String, Object> npm = node.adapterMap("getSessionAndUser", sessionToken);
        assertSameFields("session", map(npm.get("session")), session(seen.session()));
        assertSameFields("user", map(npm.get("user")), user(seen.user()));
        assertTrue(dynauth.getUserByEmail(email).isPresent());

        // @auth/core's session endpoint agrees, until dynauth ends the session.
        Map<String, Object> before1 = node.op("session", Map.of("sessionToken", sessionToken));
        assertEquals(200L, before1.get("status"));
        assertEquals(seen.user().id(), map(map(before1.get("body")).get("user")).get("id"));

        assertTrue(dynauth.deleteSession(sessionToken).isPresent(), "dynauth deletes the session");
        Map<String, Object> after = node.op("session", Map.of("sessionToken", sessionToken));
        assertEquals(200L, after.get("status"));
        assertNull(after.get("body"), "@auth/core's /auth/session returns no session: " + after);
        assertNull(after.get("sessionCookie"), "and clears the cookie");
    }

    @Test
    void aUserAndSessionCreatedByDynauthAreAcceptedByAuthJs() {
        Table t = table(Schema.DEFAULT);
        DynamoDbAdapter dynauth = t.dynauth();
        String userId = "java-" + UUID.randomUUID();
        String email = "hopper-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        dynauth.createUser(AdapterUser.builder().id(userId).email(email).name("Grace Hopper")
                .image("https://example.com/grace.png").build());
        String sessionToken = UUID.randomUUID().toString();
        Instant expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
        dynauth.createSession(new AdapterSession(sessionToken, userId, expires));

        Map<String, Object> answer = node.op("session", Map.of("sessionToken", sessionToken));
        assertEquals(200L, answer.get("status"));
        Map<String, Object> body = map(answer.get("body"));
        assertNotNull(body, "@auth/core accepts dynauth's session: " + answer);
        Map<String, Object> user = map(body.get("user"));
        assertEquals(userId, user.get("id"));
        assertEquals(email, user.get("email"));
        assertEquals("Grace Hopper", user.get("name"));
        assertEquals("https://example.com/grace.png", user.get("image"));
        assertEquals(expires, Instant.parse((String) body.get("expires")), "the session's expiry, to the millisecond");
        assertEquals(sessionToken, answer.get("sessionCookie"), "the cookie is kept");

        // An unknown token is refused the same way, so the check above can fail.
        Map<String, Object> unknown = node.op("session", Map.of("sessionToken", UUID.randomUUID().toString()));
        assertNull(unknown.get("body"));

        // A dynauth session older than Auth.js's updateAge (24 h): @auth/core slides it through the npm
        // adapter's updateSession, and dynauth reads the new expiry.
        String oldToken = UUID.randomUUID().toString();
        Instant soon = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        dynauth.createSession(new AdapterSession(oldToken, userId, soon));
        Instant beforeRefresh = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> refreshed = node.op("session", Map.of("sessionToken", oldToken));
        assertEquals(userId, map(map(refreshed.get("body")).get("user")).get("id"));
        Instant slid = dynauth.getSessionAndUser(oldToken).orElseThrow().session().expires();
        assertTrue(!slid.isBefore(beforeRefresh.plus(Duration.ofDays(30))), "slid to 30 days from now: " + slid);
    }

    @Test
    void aMagicLinkSignInOfAUserCreatedByDynauthSignsInThatUser() {
        Table t = table(Schema.DEFAULT);
        DynamoDbAdapter dynauth = t.dynauth();
        String userId = "java-" + UUID.randomUUID();
        String email = "lin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        dynauth.createUser(AdapterUser.builder().id(userId).email(email).name("Lin").build());

        Map<String, Object> signIn = node.op("signInWithEmail", Map.of("email", email));
        String sessionToken = (String) signIn.get("sessionToken");
        assertNotNull(sessionToken, "signed in: " + signIn);

        SessionAndUser seen = dynauth.getSessionAndUser(sessionToken).orElseThrow();
        assertEquals(userId, seen.user().id(), "Auth.js found dynauth's user by email instead of creating another");
        assertEquals("Lin", seen.user().name());
        assertNotNull(seen.user().emailVerified(), "and marked the email verified through the npm adapter's updateUser");
        assertEquals(1L, dynauth.scanUsers().count(), "no second user");
    }
}
