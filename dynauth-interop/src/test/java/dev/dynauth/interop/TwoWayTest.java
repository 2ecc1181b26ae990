package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.SessionAndUser;
import dev.dynauth.VerificationToken;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 3, points 1, 2 and 6: what one side writes, the other reads back field by field, dates to the
 * millisecond; once with the npm adapter's default names and once with all six options changed on both
 * sides.
 */
class TwoWayTest extends InteropBase {

    @ParameterizedTest(name = "npm writes, dynauth reads ({0} schema)")
    @EnumSource(Schema.class)
    void npmWritesDynauthReads(Schema schema) {
        Table t = table(schema);
        Fixtures.Entities f = Fixtures.next();
        DynamoDbAdapter dynauth = t.dynauth();

        Map<String, Object> created = node.adapterMap("createUser", f.npmUser());
        String userId = (String) created.get("id");
        assertNotNull(userId, "the npm adapter returns the id it generated");
        node.adapter("linkAccount", f.npmAccount(userId));
        node.adapter("createSession", f.npmSession(userId));
        node.adapter("createVerificationToken", f.npmToken());

        // What the npm adapter stored, as the npm adapter itself reads it back.
        Map<String, Object> npmUser = withoutKeys(node.adapterMap("getUser", userId), t);
        Map<String, Object> expectedUser = new LinkedHashMap<>(f.npmUser());
        expectedUser.put("id", userId);
        assertSameFields("npm getUser (sanity)", expectedUser, npmUser);
        // The account's id is a UUID the npm adapter generated and never returned: read it from the item.
        Map<String, AttributeValue> accountItem = rawGet(t, "USER#" + userId, "ACCOUNT#github#" + f.providerAccountId);
        Map<String, Object> expectedAccount = new LinkedHashMap<>(f.npmAccount(userId));
        expectedAccount.put("id", accountItem.get("id").s());
        UUID.fromString(accountItem.get("id").s());

        assertSameFields("dynauth getUser", expectedUser, user(dynauth.getUser(userId).orElse(null)));
        assertSameFields("dynauth getUserByEmail", expectedUser, user(dynauth.getUserByEmail(f.email).orElse(null)));
        assertSameFields("dynauth getUserByAccount", expectedUser,
                user(dynauth.getUserByAccount("github", f.providerAccountId).orElse(null)));
        SessionAndUser su = dynauth.getSessionAndUser(f.sessionToken).orElse(null);
        assertNotNull(su, "dynauth getSessionAndUser finds the npm session");
        assertSameFields("dynauth getSessionAndUser.session", f.npmSession(userId), session(su.session()));
        assertSameFields("dynauth getSessionAndUser.user", expectedUser, user(su.user()));
        assertSameFields("dynauth getAccount", expectedAccount,
                account(dynauth.getAccount(f.providerAccountId, "github").orElse(null)));
        AdapterAccount typed = dynauth.getAccount(f.providerAccountId, "github").orElseThrow();
        assertEquals(f.expiresAt, typed.expiresAt(), "expires_at is epoch seconds, read as a number");
        assertEquals("bearer", typed.tokenType());

        assertSameFields("dynauth useVerificationToken", f.npmToken(),
                token(dynauth.useVerificationToken(f.identifier, f.hashedToken).orElse(null)));
        assertEquals(Optional.empty(), dynauth.useVerificationToken(f.identifier, f.hashedToken), "a token is used once");
        assertNull(node.adapter("useVerificationToken", Map.of("identifier", f.identifier, "token", f.hashedToken)),
                "dynauth consumed the npm token: the npm adapter does not find it either");
    }

    @ParameterizedTest(name = "dynauth writes, npm reads ({0} schema)")
    @EnumSource(Schema.class)
    void dynauthWritesNpmReads(Schema schema) {
        Table t = table(schema);
        Fixtures.Entities f = Fixtures.next();
        DynamoDbAdapter dynauth = t.dynauth();
        String userId = "java-" + UUID.randomUUID();
        String accountId = UUID.randomUUID().toString();

        AdapterUser user = dynauth.createUser(f.user(userId));
        AdapterAccount account = dynauth.linkAccount(f.account(accountId, userId));
        AdapterSession session = dynauth.createSession(f.session(userId));
        VerificationToken token = dynauth.createVerificationToken(f.token());
        Set<String> leaked = t.leakedKeys();

        Map<String, Object> expectedUser = user(user);
        assertSameFields("npm getUser", expectedUser, node.adapterMap("getUser", userId), leaked);
        assertSameFields("npm getUserByEmail", expectedUser, node.adapterMap("getUserByEmail", f.email), leaked);
        assertSameFields("npm getUserByAccount", expectedUser, node.adapterMap("getUserByAccount",
                Map.of("provider", "github", "providerAccountId", f.providerAccountId)), leaked);
        Map<String, Object> su = node.adapterMap("getSessionAndUser", f.sessionToken);
        assertNotNull(su, "the npm adapter finds dynauth's session");
        assertSameFields("npm getSessionAndUser.session", session(session), map(su.get("session")), leaked);
        assertSameFields("npm getSessionAndUser.user", expectedUser, map(su.get("user")), leaked);
        assertSameFields("npm useVerificationToken", token(token), node.adapterMap("useVerificationToken",
                Map.of("identifier", f.identifier, "token", f.hashedToken)), leaked);
        assertNull(node.adapter("useVerificationToken", Map.of("identifier", f.identifier, "token", f.hashedToken)),
                "a token is used once");
        assertTrue(dynauth.useVerificationToken(f.identifier, f.hashedToken).isEmpty(), "npm consumed dynauth's token");
        // The npm adapter has no getAccount; unlinkAccount returns the whole stored account as it reads it.
        assertSameFields("npm unlinkAccount", account(account), node.adapterMap("unlinkAccount",
                Map.of("provider", "github", "providerAccountId", f.providerAccountId)), leaked);
        assertTrue(dynauth.getAccount(f.providerAccountId, "github").isEmpty(), "npm unlinked dynauth's account");
        assertNull(node.adapter("getUserByAccount", Map.of("provider", "github", "providerAccountId", f.providerAccountId)));
    }

    private static Map<String, Object> withoutKeys(Map<String, Object> npm, Table t) {
        if (npm == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>(npm);
        m.keySet().removeAll(t.leakedKeys());
        return m;
    }
}
