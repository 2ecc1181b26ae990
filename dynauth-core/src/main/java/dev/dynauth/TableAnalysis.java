package dev.dynauth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The checks of {@link TableChecker}, over the items a scan read. One rule each; the item layout is {@link Keys}'. */
final class TableAnalysis {

    static final String UNDEFINED = Keys.USER + "undefined";

    private final TableOptions o;
    private final Instant now;
    private final List<Violation> found = new ArrayList<>();

    TableAnalysis(TableOptions options, Instant now) {
        this.o = options;
        this.now = now;
    }

    /** A read item, by role. */
    private record Item(Map<String, AttributeValue> raw, String pk, String sk) {
        String s(String name) {
            return ItemCodec.stringAttribute(raw, name);
        }

        ItemKey key() {
            return new ItemKey(pk, sk);
        }
    }

    TableReport analyse(List<Map<String, AttributeValue>> rawItems) {
        Map<String, Item> byKey = new TreeMap<>(); // sorted: reports come out in a stable order
        for (Map<String, AttributeValue> raw : rawItems) {
            Item i = new Item(raw, ItemCodec.stringAttribute(raw, o.partitionKey()), ItemCodec.stringAttribute(raw, o.sortKey()));
            byKey.put(i.pk + "\u0000" + i.sk, i);
        }
        Map<String, Item> users = new HashMap<>();          // by user id
        Map<String, List<Item>> usersByEmail = new TreeMap<>();
        Map<String, List<Item>> accountsByProviderAccount = new TreeMap<>();
        Map<String, Item> claims = new TreeMap<>();
        List<Item> userOwned = new ArrayList<>();
        for (Item i : byKey.values()) {
            String type = i.s(ItemCodec.TYPE);
            if (i.pk.startsWith(Keys.UNIQUE_EMAIL) || i.pk.startsWith(Keys.UNIQUE_ACCOUNT)) {
                if (i.pk.equals(i.sk) && Keys.TYPE_UNIQUE.equals(type)) {
                    claims.put(i.pk, i);
                } else {
                    add(ViolationKind.UNKNOWN_SHAPE, "an item in a claim partition that is not a claim", i);
                }
            } else if (i.pk.startsWith(Keys.USER) && i.pk.equals(i.sk)) {
                if (type == null) {
                    add(ViolationKind.STUB_ITEM, "a user item without type (an update of a missing user)", i);
                } else if (!Keys.TYPE_USER.equals(type) || !i.pk.equals(Keys.user(i.s("id")))) {
                    add(ViolationKind.KEY_MISMATCH, "a user item whose id or type does not match its key", i);
                } else {
                    users.put(i.s("id"), i);
                    checkUserIndex(i);
                    if (i.s("email") != null) {
                        usersByEmail.computeIfAbsent(i.s("email"), e -> new ArrayList<>()).add(i);
                    }
                }
            } else if (i.pk.startsWith(Keys.USER)) {
                userOwned.add(i);
            } else if (i.pk.startsWith(Keys.VT)) {
                checkToken(i);
            } else if (!checkDynauthItem(i)) {
                add(ViolationKind.UNKNOWN_SHAPE, "an item of no shape the adapter writes", i);
            }
        }
        Map<String, Item> webauthnAccounts = new HashMap<>();
        Map<String, Item> passkeys = new HashMap<>();
        for (Item i : userOwned) {
            String owner = i.pk.substring(Keys.USER.length());
            if (i.sk.startsWith(Keys.ACCOUNT)) {
                if (!checkOwned(i, owner, "an account", Keys.accountSort(i.s("provider"), i.s("providerAccountId")),
                        i.s("provider") == null ? null : Keys.accountIndexPartition(i.s("provider")),
                        i.s("providerAccountId") == null ? null : Keys.accountIndexSort(i.s("providerAccountId")), users)) {
                    continue;
                }
                accountsByProviderAccount.computeIfAbsent(Keys.uniqueAccount(i.s("provider"), i.s("providerAccountId")),
                        k -> new ArrayList<>()).add(i);
                if ("webauthn".equals(i.s("provider"))) {
                    webauthnAccounts.put(i.s("providerAccountId"), i);
                }
            } else if (i.sk.startsWith(Keys.SESSION)) {
                if (i.s(ItemCodec.TYPE) == null) {
                    add(ViolationKind.STUB_ITEM, "a session item without type (an update of a missing session)", i);
                    continue;
                }
                String token = i.s("sessionToken");
                if (checkOwned(i, owner, "a session", token == null ? null : Keys.session(token),
                        token == null ? null : Keys.session(token), token == null ? null : Keys.session(token), users)) {
                    checkExpiry(i, "a session");
                }
            } else if (i.sk.startsWith(Keys.AUTHENTICATOR)) {
                String id = i.s("credentialID");
                if (checkOwned(i, owner, "a passkey", id == null ? null : Keys.authenticator(id),
                        id == null ? null : Keys.authenticator(id), id == null ? null : Keys.authenticator(id), users)) {
                    passkeys.put(i.s("providerAccountId") == null ? id : i.s("providerAccountId"), i);
                }
            } else {
                add(ViolationKind.UNKNOWN_SHAPE, "an item of no shape the adapter writes in a user's partition", i);
            }
        }
        usersByEmail.forEach((email, list) -> {
            if (list.size() > 1) {
                add(ViolationKind.DUPLICATE_EMAIL, list.size() + " users share the email " + email, list);
            }
        });
        accountsByProviderAccount.forEach((claimKey, list) -> {
            if (list.size() > 1) {
                add(ViolationKind.ACCOUNT_LINKED_TWICE, "the " + list.get(0).s("provider") + " account "
                        + list.get(0).s("providerAccountId") + " is linked to " + list.size() + " users", list);
            }
        });
        checkClaims(claims, users, usersByEmail, accountsByProviderAccount);
        passkeys.forEach((accountId, p) -> {
            if (!webauthnAccounts.containsKey(accountId)) {
                add(ViolationKind.PASSKEY_WITHOUT_ACCOUNT, "a passkey without its webauthn account", p);
            }
        });
        webauthnAccounts.forEach((accountId, a) -> {
            if (!passkeys.containsKey(accountId)) {
                add(ViolationKind.PASSKEY_WITHOUT_ACCOUNT, "a webauthn account without its passkey", a);
            }
        });
        found.sort(Comparator.comparing(Violation::kind));
        return new TableReport(byKey.size(), found);
    }

    /**
     * dynauth's own items outside users' partitions: rate-limit counters, single-use marks, development mails (all
     * expire by TTL, so a passed one is {@code EXPIRED} like a token) and merge intents. False when none of them.
     */
    private boolean checkDynauthItem(Item i) {
        String type = i.s(ItemCodec.TYPE);
        if (i.pk.startsWith(Keys.RATE) && Keys.TYPE_RATE.equals(type)) {
            String window = i.sk.substring(Math.min(i.sk.length(), Keys.RATE.length()));
            if (!i.sk.startsWith(Keys.RATE) || window.isEmpty() || !window.chars().allMatch(Character::isDigit)
                    || !i.raw.containsKey("count") || i.raw.get("count").n() == null) {
                return false;
            }
            checkExpiry(i, "a rate-limit counter");
            return true;
        }
        if (i.pk.startsWith(Keys.USED) && i.pk.equals(i.sk) && Keys.TYPE_USED.equals(type)) {
            checkExpiry(i, "a single-use mark");
            return true;
        }
        if (i.pk.equals(Keys.DEV_MAIL) && Keys.DEV_MAIL.equals(type)) {
            checkExpiry(i, "a development mail");
            return true;
        }
        if (i.pk.startsWith(Keys.MERGE) && i.pk.equals(i.sk) && Keys.TYPE_MERGE.equals(type)) {
            String from = i.s(UserMerge.FROM);
            String into = i.s("userId");
            if (from == null || into == null || !i.pk.equals(Keys.merge(from))) {
                return false;
            }
            add(ViolationKind.UNFINISHED_MERGE, "a merge of user " + from + " into user " + into + " that did not finish", i);
            return true;
        }
        return false;
    }

    private void checkUserIndex(Item u) {
        String email = u.s("email");
        String gpk = u.s(o.indexPartitionKey());
        String gsk = u.s(o.indexSortKey());
        if (email == null) {
            if (UNDEFINED.equals(gpk)) {
                add(ViolationKind.UNDEFINED_INDEX_KEY, "a user without email indexed under USER#undefined", u);
            } else if (gpk != null || gsk != null) {
                add(ViolationKind.STALE_INDEX_KEY, "a user without email that still has index keys", u);
            }
        } else if (!Objects.equals(Keys.userEmail(email), gpk) || !Objects.equals(Keys.userEmail(email), gsk)) {
            add(ViolationKind.STALE_INDEX_KEY, "a user indexed under " + gpk + " but whose email is " + email, u);
        }
    }

    /** Checks the sort key, index keys and owner of an item in a user's partition; false when it is not usable further. */
    private boolean checkOwned(Item i, String owner, String what, String expectedSort, String expectedGpk, String expectedGsk,
                               Map<String, Item> users) {
        if (expectedSort == null || !expectedSort.equals(i.sk) || !owner.equals(i.s("userId"))) {
            add(ViolationKind.KEY_MISMATCH, what + " whose key or owner does not match its attributes", i);
            return false;
        }
        if (!users.containsKey(owner)) {
            add(ViolationKind.ORPHAN, what + " whose user is gone", i);
            return false;
        }
        if (!Objects.equals(expectedGpk, i.s(o.indexPartitionKey())) || !Objects.equals(expectedGsk, i.s(o.indexSortKey()))) {
            add(ViolationKind.STALE_INDEX_KEY, what + " whose index keys do not match its attributes", i);
        }
        return true;
    }

    private void checkToken(Item i) {
        String identifier = i.s("identifier");
        String token = i.s("token");
        if (identifier == null || token == null || !i.pk.equals(Keys.vt(identifier)) || !i.sk.equals(Keys.vt(token))) {
            add(i.s(ItemCodec.TYPE) == null ? ViolationKind.STUB_ITEM : ViolationKind.KEY_MISMATCH,
                    "a verification token whose keys do not match its attributes", i);
            return;
        }
        if (i.raw.containsKey(VerificationTokens.USED_BY)) {
            add(ViolationKind.CONSUMED_TOKEN, "a verification token consumed but not deleted", i);
            return;
        }
        checkExpiry(i, "a verification token");
    }

    private void checkExpiry(Item i, String what) {
        AttributeValue e = i.raw.get(ItemCodec.EXPIRES);
        Instant expires = null;
        if (e != null && e.n() != null) {
            expires = ItemCodec.fromEpochSeconds(e.n());
        } else if (e != null && e.s() != null) {
            expires = ItemCodec.parseDate(e.s());
        }
        if (expires == null) {
            add(ViolationKind.UNKNOWN_SHAPE, what + " without a readable expires", i);
            return;
        }
        if (Expiry.expired(expires, now)) {
            Duration age = Duration.between(expires, now);
            found.add(new Violation(ViolationKind.EXPIRED, what + " that expired " + age.toDays() + " days "
                    + age.toHoursPart() + " h ago", List.of(i.key()), age));
        } else if (e.s() != null) {
            add(ViolationKind.ISO_EXPIRES, what + " whose expires is an ISO string, which DynamoDB's TTL ignores", i);
        }
    }

    private void checkClaims(Map<String, Item> claims, Map<String, Item> users, Map<String, List<Item>> usersByEmail,
                             Map<String, List<Item>> accounts) {
        for (Item c : claims.values()) {
            String owner = c.s("userId");
            Item user = owner == null ? null : users.get(owner);
            boolean held;
            if (c.pk.startsWith(Keys.UNIQUE_EMAIL)) {
                String email = c.pk.substring(Keys.UNIQUE_EMAIL.length());
                held = user != null && email.equals(user.s("email"));
            } else {
                List<Item> linked = accounts.getOrDefault(c.pk, List.of());
                held = owner != null && linked.stream().anyMatch(a -> owner.equals(a.s("userId"))) && user != null;
            }
            if (!held) {
                add(ViolationKind.STALE_CLAIM, "a uniqueness claim whose owner is gone or no longer holds it", c);
            }
        }
        usersByEmail.forEach((email, list) -> {
            if (list.size() == 1 && !claims.containsKey(Keys.uniqueEmail(email))) {
                add(ViolationKind.MISSING_CLAIM, "a user with the email " + email + " but no email claim", list.get(0));
            }
        });
        accounts.forEach((claimKey, list) -> {
            if (list.size() == 1 && !claims.containsKey(claimKey)) {
                add(ViolationKind.MISSING_CLAIM, "a linked " + list.get(0).s("provider") + " account without its claim", list.get(0));
            }
        });
    }

    private void add(ViolationKind kind, String detail, Item item) {
        found.add(new Violation(kind, detail, List.of(item.key()), null));
    }

    private void add(ViolationKind kind, String detail, List<Item> items) {
        found.add(new Violation(kind, detail, items.stream().map(Item::key).toList(), null));
    }
}
