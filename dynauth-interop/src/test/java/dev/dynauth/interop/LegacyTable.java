package dev.dynauth.interop;

import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.ViolationKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A "legacy" table: what years of the npm adapter leave behind, made by driving the real npm adapter into each of
 * its defects (reference §3), plus what it does to dynauth's claims. Records every planted violation, and what the
 * npm adapter reads of every item that must survive the repair.
 */
final class LegacyTable {

    /** One planted violation: its kind and the keys of the items involved. */
    record Planted(ViolationKind kind, Set<String> keys) {}

    final List<Planted> planted = new ArrayList<>();
    /** npm getUser of each user that must survive, by id. */
    final Map<String, Map<String, Object>> users = new LinkedHashMap<>();
    /** npm getSessionAndUser of each session that must survive, by token; the user part may change only by a merge. */
    final Map<String, Map<String, Object>> sessions = new LinkedHashMap<>();
    /** npm getUserByAccount of each account that must survive, by "provider/providerAccountId". */
    final Map<String, Map<String, Object>> accounts = new LinkedHashMap<>();
    /** Users a merge deletes, and the user they are merged into. */
    final Map<String, String> mergedInto = new LinkedHashMap<>();

    static String sfx() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private void plant(ViolationKind kind, String... keys) {
        planted.add(new Planted(kind, new TreeSet<>(List.of(keys))));
    }

    private static String user(String id) {
        return "USER#" + id + " / USER#" + id;
    }

    @SuppressWarnings("unchecked")
    static LegacyTable build(NodeDriver node, DynamoDbAdapter dynauth) {
        LegacyTable l = new LegacyTable();
        Instant inAWeek = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.MILLIS);

        // 1. deleteUser past 25 items: 30 sessions, then deleteUser. The npm adapter deletes the first 25 items of the
        //    partition; the user item sorts after SESSION#, so the user and 5 sessions stay (and it has no claim).
        Map<String, Object> a = node.adapterMap("createUser", Map.of("email", "many-" + sfx() + "@example.com",
                "emailVerified", Instant.parse("2020-01-01T00:00:00Z"), "name", "Many Sessions"));
        String aId = (String) a.get("id");
        for (int i = 0; i < 30; i++) {
            node.adapter("createSession", Map.of("sessionToken", "many-" + i + "-" + UUID.randomUUID(), "userId", aId, "expires", inAWeek));
        }
        node.adapter("deleteUser", aId);
        l.plant(ViolationKind.MISSING_CLAIM, user(aId));

        // 2. A session and an account written for a user the npm adapter had just deleted (sign-in racing deletion).
        Map<String, Object> gone = node.adapterMap("createUser", Map.of("email", "gone-" + sfx() + "@example.com", "name", "Gone"));
        String goneId = (String) gone.get("id");
        node.adapter("deleteUser", goneId);
        String orphanToken = UUID.randomUUID().toString();
        node.adapter("createSession", Map.of("sessionToken", orphanToken, "userId", goneId, "expires", inAWeek));
        String glId = "gl-" + sfx();
        node.adapter("linkAccount", Map.of("userId", goneId, "type", "oauth", "provider", "gitlab", "providerAccountId", glId));
        l.plant(ViolationKind.ORPHAN, "USER#" + goneId + " / SESSION#" + orphanToken);
        l.plant(ViolationKind.ORPHAN, "USER#" + goneId + " / ACCOUNT#gitlab#" + glId);

        // 3. An email change: the index keeps the old email.
        Map<String, Object> b = node.adapterMap("createUser", Map.of("email", "before-" + sfx() + "@example.com", "name", "Mover"));
        String bId = (String) b.get("id");
        node.adapter("updateUser", Map.of("id", bId, "email", "after-" + sfx() + "@example.com"));
        l.plant(ViolationKind.STALE_INDEX_KEY, user(bId));
        l.plant(ViolationKind.MISSING_CLAIM, user(bId));

        // 4. expires as an ISO string, as adapter versions before 2022 wrote it.
        String isoToken = UUID.randomUUID().toString();
        node.adapter("createSession", Map.of("sessionToken", isoToken, "userId", bId, "expires", inAWeek.toString()));

        // 5. Two createUser with one email.
        String dup = "dup-" + sfx() + "@example.com";
        String c1 = (String) node.adapterMap("createUser", Map.of("email", dup, "emailVerified", Instant.parse("2021-01-01T00:00:00Z"),
                "name", "Older")).get("id");
        String c2 = (String) node.adapterMap("createUser", Map.of("email", dup, "emailVerified", Instant.parse("2023-01-01T00:00:00Z"),
                "name", "Newer")).get("id");
        String c2Token = UUID.randomUUID().toString();
        node.adapter("createSession", Map.of("sessionToken", c2Token, "userId", c2, "expires", inAWeek));
        l.plant(ViolationKind.DUPLICATE_EMAIL, user(c1), user(c2));
        l.mergedInto.put(c2, c1);

        // 6. One provider account linked to two users.
        String d1 = (String) node.adapterMap("createUser", Map.of("email", "d1-" + sfx() + "@example.com",
                "emailVerified", Instant.parse("2019-01-01T00:00:00Z"))).get("id");
        String d2 = (String) node.adapterMap("createUser", Map.of("email", "d2-" + sfx() + "@example.com")).get("id");
        String pid = "gh-" + sfx();
        node.adapter("linkAccount", Map.of("userId", d1, "type", "oauth", "provider", "github", "providerAccountId", pid, "access_token", "one"));
        node.adapter("linkAccount", Map.of("userId", d2, "type", "oauth", "provider", "github", "providerAccountId", pid, "access_token", "two"));
        l.plant(ViolationKind.ACCOUNT_LINKED_TWICE, "USER#" + d1 + " / ACCOUNT#github#" + pid, "USER#" + d2 + " / ACCOUNT#github#" + pid);
        l.plant(ViolationKind.MISSING_CLAIM, user(d1));
        l.plant(ViolationKind.MISSING_CLAIM, user(d2));
        l.mergedInto.put(d2, d1);

        // 7. A user without email: USER#undefined.
        String u = (String) node.adapterMap("createUser", Map.of("name", "No Email")).get("id");
        l.plant(ViolationKind.UNDEFINED_INDEX_KEY, user(u));

        // 8. An update of a missing user: a stub without type or index keys.
        String stub = "stub-" + UUID.randomUUID();
        node.adapter("updateUser", Map.of("id", stub, "name", "Nobody"));
        l.plant(ViolationKind.STUB_ITEM, user(stub));

        // 9. dynauth's claims, left behind when the npm adapter deletes the user.
        String e = "e-" + UUID.randomUUID();
        String eEmail = "claimed-" + sfx() + "@example.com";
        dynauth.createUser(AdapterUser.builder().id(e).email(eEmail).build());
        String epid = "gg-" + sfx();
        dynauth.linkAccount(dev.dynauth.AdapterAccount.builder().userId(e).type("oidc").provider("google").providerAccountId(epid).build());
        node.adapter("deleteUser", e);
        String emailClaim = "UNIQUE#EMAIL#" + eEmail;
        String accountClaim = "UNIQUE#ACCOUNT#google#" + epid;
        l.plant(ViolationKind.STALE_CLAIM, emailClaim + " / " + emailClaim);
        l.plant(ViolationKind.STALE_CLAIM, accountClaim + " / " + accountClaim);

        l.plant(ViolationKind.ISO_EXPIRES, "USER#" + bId + " / SESSION#" + isoToken);

        // what the npm adapter reads of everything that must survive
        for (String id : List.of(aId, bId, c1, d1, u)) {
            l.users.put(id, node.adapterMap("getUser", id));
        }
        l.sessions.put(isoToken, node.adapterMap("getSessionAndUser", isoToken));
        l.sessions.put(c2Token, node.adapterMap("getSessionAndUser", c2Token));
        l.accounts.put("github/" + pid, node.adapterMap("getUserByAccount", Map.of("provider", "github", "providerAccountId", pid)));
        return l;
    }
}
