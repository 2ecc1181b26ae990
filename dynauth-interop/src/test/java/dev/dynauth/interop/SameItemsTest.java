package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 3, point 3: for the same input, every item dynauth writes has the same key values, attribute
 * names, DynamoDB types and values as the npm adapter's item (the npm adapter's own random user and
 * account ids substituted by dynauth's, which the caller chose). The only other items dynauth writes are
 * its uniqueness claims, and the npm adapter's answers on dynauth's table are the same as on its own.
 */
class SameItemsTest extends InteropBase {

    @ParameterizedTest(name = "same items ({0} schema)")
    @EnumSource(Schema.class)
    void dynauthWritesTheNpmAdaptersItems(Schema schema) {
        Fixtures.Entities f = Fixtures.next();
        String javaUserId = "java-" + UUID.randomUUID();
        String javaAccountId = UUID.randomUUID().toString();

        // The npm adapter on its own table.
        Table npmTable = table(schema);
        String npmUserId = (String) node.adapterMap("createUser", f.npmUser()).get("id");
        node.adapter("linkAccount", f.npmAccount(npmUserId));
        node.adapter("createSession", f.npmSession(npmUserId));
        node.adapter("createVerificationToken", f.npmToken());
        // A user as an OAuth sign-up creates it: emailVerified null, no image, no custom fields.
        String plainEmail = "plain-" + f.email;
        Map<String, Object> plainUser = new LinkedHashMap<>();
        plainUser.put("email", plainEmail);
        plainUser.put("emailVerified", null);
        plainUser.put("name", "Plain");
        String npmPlainId = (String) node.adapterMap("createUser", plainUser).get("id");
        String javaPlainId = "java-plain-" + UUID.randomUUID();

        // dynauth on another table, same names, same input.
        Table javaTable = table(schema);
        DynamoDbAdapter dynauth = javaTable.dynauth();
        dynauth.createUser(f.user(javaUserId));
        dynauth.linkAccount(f.account(javaAccountId, javaUserId));
        dynauth.createSession(f.session(javaUserId));
        dynauth.createVerificationToken(f.token());
        dynauth.createUser(AdapterUser.builder().id(javaPlainId).email(plainEmail).name("Plain").build());

        // Item by item, with the npm adapter's random ids replaced by dynauth's.
        String accountSort = "ACCOUNT#github#" + f.providerAccountId;
        Map<String, AttributeValue> npmAccount = rawGet(npmTable, "USER#" + npmUserId, accountSort);
        String npmAccountId = npmAccount.get("id").s();
        Map<String, String> ids = Map.of(npmUserId, javaUserId, npmAccountId, javaAccountId, npmPlainId, javaPlainId);
        String[][] keys = {
                {"user", "USER#%s", "USER#%s"},
                {"account", "USER#%s", accountSort},
                {"session", "USER#%s", "SESSION#" + f.sessionToken},
                {"verification token", "VT#" + f.identifier, "VT#" + f.hashedToken},
                {"user without emailVerified", "USER#%s", "USER#%s", "plain"},
        };
        for (String[] k : keys) {
            String npmId = k.length > 3 ? npmPlainId : npmUserId;
            String javaId = k.length > 3 ? javaPlainId : javaUserId;
            Map<String, AttributeValue> npmItem = rawGet(npmTable, String.format(k[1], npmId), String.format(k[2], npmId));
            Map<String, AttributeValue> javaItem = rawGet(javaTable, String.format(k[1], javaId), String.format(k[2], javaId));
            assertFalse(npmItem.isEmpty(), k[0] + ": the npm adapter's item");
            assertFalse(javaItem.isEmpty(), k[0] + ": dynauth's item");
            assertSameItem(k[0], substitute(npmItem, ids), javaItem);
        }

        // Everything else dynauth wrote: exactly its uniqueness claims (one per email, one per provider account), in partitions of their own.
        List<Map<String, AttributeValue>> npmItems = rawScan(npmTable);
        List<Map<String, AttributeValue>> javaItems = rawScan(javaTable);
        String pk = javaTable.options().partitionKey();
        String sk = javaTable.options().sortKey();
        List<Map<String, AttributeValue>> claims = new ArrayList<>();
        List<Map<String, AttributeValue>> entities = new ArrayList<>();
        for (Map<String, AttributeValue> item : javaItems) {
            (item.get(pk).s().startsWith("UNIQUE#") ? claims : entities).add(item);
        }
        assertEquals(keySet(npmItems.stream().map(i -> substitute(i, ids)).toList(), pk, sk), keySet(entities, pk, sk),
                "dynauth writes the npm adapter's items and no others besides its claims");
        Map<String, Map<String, AttributeValue>> expectedClaims = new TreeMap<>();
        Map<String, String> claimOwners = Map.of("UNIQUE#EMAIL#" + f.email, javaUserId,
                "UNIQUE#ACCOUNT#github#" + f.providerAccountId, javaUserId, "UNIQUE#EMAIL#" + plainEmail, javaPlainId);
        for (Map.Entry<String, String> owner : claimOwners.entrySet()) {
            String claimKey = owner.getKey();
            Map<String, AttributeValue> claim = new LinkedHashMap<>();
            claim.put(pk, AttributeValue.fromS(claimKey));
            claim.put(sk, AttributeValue.fromS(claimKey));
            claim.put("type", AttributeValue.fromS("UNIQUE"));
            claim.put("userId", AttributeValue.fromS(owner.getValue()));
            expectedClaims.put(claimKey, claim);
        }
        assertEquals(expectedClaims, claims.stream().collect(Collectors.toMap(c -> c.get(pk).s(), c -> c, (a, b) -> a, TreeMap::new)),
                "dynauth's claim items: {pk = sk = UNIQUE#EMAIL#<email> | UNIQUE#ACCOUNT#<provider>#<providerAccountId>, type UNIQUE, userId}");

        // The npm adapter answers the same on dynauth's table as on its own: the claims do not disturb it.
        npmTable.npm();
        Map<String, Object> npmReadsOwn = npmReads(npmUserId, f);
        javaTable.npm();
        Map<String, Object> npmReadsJava = npmReads(javaUserId, f);
        assertEquals(substituteValues(npmReadsOwn, ids), npmReadsJava, "npm adapter answers on dynauth's table");
    }

    /** Every npm read method on the fixture, the token last (it is consumed). */
    private static Map<String, Object> npmReads(String userId, Fixtures.Entities f) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> account = Map.of("provider", "github", "providerAccountId", f.providerAccountId);
        out.put("getUser", node.adapter("getUser", userId));
        out.put("getUserByEmail", node.adapter("getUserByEmail", f.email));
        out.put("getUserByEmail (no emailVerified)", node.adapter("getUserByEmail", "plain-" + f.email));
        out.put("getUserByAccount", node.adapter("getUserByAccount", account));
        out.put("getSessionAndUser", node.adapter("getSessionAndUser", f.sessionToken));
        out.put("useVerificationToken", node.adapter("useVerificationToken",
                Map.of("identifier", f.identifier, "token", f.hashedToken)));
        out.values().forEach(v -> assertNotNull(v, "every npm read finds its entity: " + out.keySet()));
        return out;
    }

    private static void assertSameItem(String what, Map<String, AttributeValue> npm, Map<String, AttributeValue> java) {
        assertEquals(new TreeSet<>(npm.keySet()), new TreeSet<>(java.keySet()), what + ": attribute names");
        for (String name : new TreeSet<>(npm.keySet())) {
            AttributeValue a = npm.get(name);
            AttributeValue b = java.get(name);
            assertEquals(a.type(), b.type(), what + "." + name + ": DynamoDB type");
            assertEquals(a, b, what + "." + name + ": value");
        }
    }

    private static Map<String, AttributeValue> substitute(Map<String, AttributeValue> item, Map<String, String> ids) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, v.s() != null ? AttributeValue.fromS(replace(v.s(), ids)) : v));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> T substituteValues(T value, Map<String, String> ids) {
        if (value instanceof String) {
            return (T) replace((String) value, ids);
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) value).forEach((k, v) -> out.put(k, substituteValues(v, ids)));
            return (T) out;
        }
        return value;
    }

    private static String replace(String s, Map<String, String> ids) {
        String out = s;
        for (Map.Entry<String, String> e : ids.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private static Set<String> keySet(List<Map<String, AttributeValue>> items, String pk, String sk) {
        return items.stream().map(i -> i.get(pk).s() + " | " + i.get(sk).s()).collect(Collectors.toCollection(TreeSet::new));
    }
}
