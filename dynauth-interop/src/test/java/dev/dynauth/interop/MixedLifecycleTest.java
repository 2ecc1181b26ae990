package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AccountAlreadyLinkedException;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.EmailAlreadyInUseException;
import dev.dynauth.UserUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 3, point 4: one user base, written and changed by both sides in turn.
 */
class MixedLifecycleTest extends InteropBase {

    private static final List<String> PROVIDERS = List.of("github", "google", "gitlab");

    @Test
    void dynauthDeletesAnNpmUserWith40SessionsAnd3AccountsCompletely() {
        Table t = table(Schema.DEFAULT);
        Fixtures.Entities f = Fixtures.next();
        Map<String, Object> npmUser = node.adapterMap("createUser", f.npmUser());
        String userId = (String) npmUser.get("id");
        Instant expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String token = UUID.randomUUID().toString();
            tokens.add(token);
            node.adapter("createSession", Map.of("sessionToken", token, "userId", userId, "expires", expires));
        }
        for (String provider : PROVIDERS) {
            Map<String, Object> account = new LinkedHashMap<>(f.npmAccount(userId));
            account.put("provider", provider);
            node.adapter("linkAccount", account);
        }
        assertEquals(1 + 40 + 3, rawPartition(t, "USER#" + userId).size(), "what the npm adapter wrote");

        AdapterUser deleted = t.dynauth().deleteUser(userId).orElse(null);
        assertNotNull(deleted, "dynauth deleteUser returns the npm user");
        assertSameFields("dynauth deleteUser", npmUser, user(deleted));

        assertEquals(List.of(), rawPartition(t, "USER#" + userId), "nothing of the user is left in its partition");
        assertNull(node.adapter("getUser", userId));
        assertNull(node.adapter("getUserByEmail", f.email));
        for (String provider : PROVIDERS) {
            assertNull(node.adapter("getUserByAccount", Map.of("provider", provider, "providerAccountId", f.providerAccountId)),
                    provider + " account");
        }
        for (String token : tokens) {
            assertNull(node.adapter("getSessionAndUser", token), "every one of the 40 sessions is gone");
        }
    }

    @Test
    void dynauthChangesTheEmailOfAnNpmUserAndNpmFindsItByTheNewEmailOnly() {
        Table t = table(Schema.DEFAULT);
        Fixtures.Entities f = Fixtures.next();
        String userId = (String) node.adapterMap("createUser", f.npmUser()).get("id");
        String newEmail = "new-" + f.email;

        AdapterUser changed = t.dynauth().updateUser(UserUpdate.of(userId).email(newEmail).build());
        assertEquals(newEmail, changed.email());

        Map<String, Object> byNew = node.adapterMap("getUserByEmail", newEmail);
        assertNotNull(byNew, "the npm adapter finds the user by the new email");
        assertEquals(userId, byNew.get("id"));
        assertEquals(newEmail, byNew.get("email"));
        assertNull(node.adapter("getUserByEmail", f.email), "and not by the old one");
        assertEquals(newEmail, node.adapterMap("getUser", userId).get("email"));
        Map<String, Object> expected = new LinkedHashMap<>(f.npmUser());
        expected.put("id", userId);
        expected.put("email", newEmail);
        assertSameFields("npm getUserByEmail after the change", expected, byNew);

        // And back again by dynauth: the index follows each time.
        t.dynauth().updateUser(UserUpdate.of(userId).email(f.email).build());
        assertEquals(userId, node.adapterMap("getUserByEmail", f.email).get("id"));
        assertNull(node.adapter("getUserByEmail", newEmail));
    }

    @Test
    void dynauthUniquenessHoldsWhenTheNpmAdapterDeletedAUserBehindItsBack() {
        Table t = table(Schema.DEFAULT);
        DynamoDbAdapter dynauth = t.dynauth();
        Fixtures.Entities f = Fixtures.next();
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        dynauth.createUser(f.user(first));
        dynauth.linkAccount(f.account(null, first));

        assertThrows(EmailAlreadyInUseException.class, () -> dynauth.createUser(f.user(second)),
                "while the first user lives, its email is taken");
        dynauth.createUser(AdapterUser.builder().id(second).email("other-" + f.email).build());
        assertThrows(AccountAlreadyLinkedException.class, () -> dynauth.linkAccount(f.account(null, second)),
                "and so is its provider account");

        Map<String, Object> npmDeleted = node.adapterMap("deleteUser", first);
        assertEquals(first, npmDeleted.get("id"), "the npm adapter deleted the first user");
        assertEquals("UNIQUE", claimOwner(t, "UNIQUE#EMAIL#" + f.email).get("type").s(),
                "the npm adapter knows nothing of dynauth's claims: they are left behind");

        String third = "third-" + UUID.randomUUID();
        AdapterUser again = dynauth.createUser(f.user(third));
        assertEquals(f.email, again.email(), "the email can be registered again");
        assertEquals(third, claimOwner(t, "UNIQUE#EMAIL#" + f.email).get("userId").s(), "the stale claim was taken over");
        assertEquals(third, node.adapterMap("getUserByEmail", f.email).get("id"), "the npm adapter sees the new user");
        dynauth.linkAccount(f.account(null, second));
        assertEquals(second, node.adapterMap("getUserByAccount",
                Map.of("provider", "github", "providerAccountId", f.providerAccountId)).get("id"),
                "the provider account can be linked again");
        assertThrows(EmailAlreadyInUseException.class,
                () -> dynauth.createUser(AdapterUser.builder().id("fourth-" + UUID.randomUUID()).email(f.email).build()),
                "and the email is unique again");
        assertTrue(dynauth.getUser(first).isEmpty());
    }

    private static Map<String, AttributeValue> claimOwner(Table t, String claimKey) {
        return rawGet(t, claimKey, claimKey);
    }
}
