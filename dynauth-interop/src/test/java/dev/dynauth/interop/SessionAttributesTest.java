package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterSession;
import dev.dynauth.DynamoDbAdapter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The extra attributes the Spring starter keeps for account pages, through the real npm adapter: a session's
 * {@code signedInAt} and {@code userAgent} (as {@code DynauthSessions} writes them) and a passkey account's
 * {@code label}, {@code createdAt} and {@code lastUsedAt} (as {@code DynauthUserCredentialRepository} writes
 * them). The npm adapter reads such a session and user as any other, Auth.js's sliding expiry through it
 * ({@code updateSession} with a new {@code expires}) keeps them, and its deletes remove the items whole.
 */
class SessionAttributesTest extends InteropBase {

    static final String UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    @ParameterizedTest(name = "session and passkey attributes ({0} schema)")
    @EnumSource(Schema.class)
    void theNpmAdapterCarriesThemAlongAndAuthJsSlidingExpiryKeepsThem(Schema schema) {
        Table t = table(schema);
        Fixtures.Entities f = Fixtures.next();
        DynamoDbAdapter dynauth = t.dynauth();
        String userId = "java-" + UUID.randomUUID();
        dynauth.createUser(f.user(userId));
        Instant signedIn = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("signedInAt", signedIn);
        about.put("userAgent", UA);
        dynauth.createSession(new AdapterSession(f.sessionToken, userId, f.sessionExpires, about));

        Map<String, Object> su = node.adapterMap("getSessionAndUser", f.sessionToken);
        assertNotNull(su, "the npm adapter finds the session");
        Map<String, Object> session = map(su.get("session"));
        assertEquals(f.sessionExpires, session.get("expires"));
        assertEquals(userId, session.get("userId"));
        assertEquals(UA, session.get("userAgent"), "carried along as a plain field");
        assertEquals(signedIn, session.get("signedInAt"), "an ISO date, read by the npm adapter as a Date");
        assertEquals(userId, map(su.get("user")).get("id"));

        // Auth.js core's sliding expiry: updateSession with the token and a new expires only
        Instant later = f.sessionExpires.plus(Duration.ofDays(1));
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("sessionToken", f.sessionToken);
        update.put("expires", later);
        node.adapter("updateSession", update);
        AdapterSession kept = dynauth.getSessionAndUser(f.sessionToken).orElseThrow().session();
        assertEquals(later, kept.expires());
        assertEquals(UA, kept.attributes().get("userAgent"));
        assertEquals(signedIn, kept.attributes().get("signedInAt"));
        assertEquals(1, dynauth.listSessions(userId).size());

        // a passkey's account with its name and dates: the npm adapter finds its user and unlinks it whole
        String credentialId = "Y3JlZC0" + UUID.randomUUID().toString().substring(0, 8);
        dynauth.linkAccount(AdapterAccount.builder().userId(userId).provider("webauthn").type("webauthn")
                .providerAccountId(credentialId).attribute("label", "Work laptop").attribute("createdAt", signedIn)
                .attribute("lastUsedAt", later).build());
        Map<String, Object> owner = node.adapterMap("getUserByAccount",
                Map.of("provider", "webauthn", "providerAccountId", credentialId));
        assertNotNull(owner);
        assertEquals(userId, owner.get("id"));
        Map<String, Object> unlinked = node.adapterMap("unlinkAccount",
                Map.of("provider", "webauthn", "providerAccountId", credentialId));
        assertEquals("Work laptop", unlinked.get("label"));
        assertEquals(later, unlinked.get("lastUsedAt"));
        assertTrue(dynauth.getAccount(credentialId, "webauthn").isEmpty());

        node.adapter("deleteSession", f.sessionToken);
        assertTrue(dynauth.listSessions(userId).isEmpty(), "the npm adapter deletes the session item whole");
    }
}
