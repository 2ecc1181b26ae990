package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.SessionTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: dynauth's self-locating session tokens ({@link SessionTokens}) are ordinary sessions to Auth.js.
 * {@code @auth/core} 0.41.3 with the npm adapter reads them through the index, slides their expiry and signs
 * them out; the npm adapter's items and dynauth's are the same.
 */
class SelfLocatingSessionTest extends InteropBase {

    @Test
    void authJsReadsSlidesAndEndsDynauthsSelfLocatingSessions() {
        for (Schema schema : new Schema[] {Schema.DEFAULT, Schema.CUSTOM}) {
            Table t = table(schema);
            DynamoDbAdapter dynauth = t.dynauth();
            String userId = UUID.randomUUID().toString();
            String email = "self-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            dynauth.createUser(AdapterUser.builder().id(userId).email(email).name("Ada").build());

            // reads: a fresh session, as dynauth's starter creates it
            String token = SessionTokens.issue(userId);
            assertEquals(Optional.of(userId), SessionTokens.owner(token));
            Instant expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
            dynauth.createSession(new AdapterSession(token, userId, expires));
            Map<String, Object> answer = node.op("session", Map.of("sessionToken", token));
            Map<String, Object> body = map(answer.get("body"));
            assertNotNull(body, schema + ": @auth/core accepts the self-locating session: " + answer);
            assertEquals(userId, map(body.get("user")).get("id"));
            assertEquals(expires, Instant.parse((String) body.get("expires")));
            assertEquals(token, answer.get("sessionCookie"), "the cookie is kept as it is");
            Map<String, Object> npm = node.adapterMap("getSessionAndUser", token);
            assertEquals(token, map(npm.get("session")).get("sessionToken"));
            assertEquals(userId, map(npm.get("user")).get("id"));

            // a forged owner part is unknown to Auth.js too
            String other = SessionTokens.issue(UUID.randomUUID().toString());
            String forged = other.substring(0, other.indexOf('.')) + token.substring(token.indexOf('.'));
            assertNull(node.op("session", Map.of("sessionToken", forged)).get("body"));

            // slides: older than updateAge, extended through the npm adapter's updateSession; dynauth reads it by key
            String old = SessionTokens.issue(userId);
            dynauth.createSession(new AdapterSession(old, userId, Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS)));
            Instant beforeRefresh = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Map<String, Object> refreshed = node.op("session", Map.of("sessionToken", old));
            assertEquals(userId, map(map(refreshed.get("body")).get("user")).get("id"));
            Instant slid = dynauth.getSessionAndUser(old).orElseThrow().session().expires();
            assertTrue(!slid.isBefore(beforeRefresh.plus(Duration.ofDays(30))), schema + ": slid to 30 days from now: " + slid);

            // ends: @auth/core's sign-out deletes it through the npm adapter; dynauth (by key) no longer finds it
            Map<String, Object> out = node.op("signOut", Map.of("sessionToken", token));
            assertEquals(302L, out.get("status"), "sign-out redirects: " + out);
            assertNull(out.get("sessionCookie"), "and clears the cookie");
            assertEquals(Optional.empty(), dynauth.getSessionAndUser(token));
            assertEquals(Optional.empty(), dynauth.findSession(token));
            assertTrue(dynauth.getSessionAndUser(old).isPresent(), "the other session is untouched");
        }
    }
}
