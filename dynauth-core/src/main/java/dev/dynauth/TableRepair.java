package dev.dynauth;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Repairs what {@link TableChecker} reported. Every repair re-reads its item and is one conditional write (or one
 * transaction) that does nothing if the item changed since, so it is safe beside live traffic, idempotent, and an
 * interrupted repair is resumed by checking and repairing again. Ambiguous violations (duplicate users, an account
 * linked twice) are left alone unless {@link Builder#mergeDuplicates} is set.
 */
public final class TableRepair {

    /** What one repair did: {@code fixed}, {@code skipped} (the item changed since it was read: check again), {@code left} (needs a policy or a person). */
    public record Result(int fixed, int skipped, int left) {}

    private final Table t;
    private final Claims claims;
    private final TableOptions o;
    private final boolean merge;
    private final Consumer<Violation> onEach;

    private TableRepair(Builder b) {
        this.t = new Table(b.client, b.options, b.clock, true, 8);
        this.claims = new Claims(t);
        this.o = b.options;
        this.merge = b.merge;
        this.onEach = b.onEach;
    }

    public static Builder builder(DynamoDbClient client) {
        return new Builder(client);
    }

    /** Applies the repair of every violation it may fix. */
    public Result fix(TableReport report) {
        int fixed = 0;
        int skipped = 0;
        int left = 0;
        if (merge) {
            for (List<String> group : duplicateGroups(report)) {
                if (mergeUsers(group)) {
                    fixed++;
                } else {
                    skipped++;
                }
            }
        }
        for (Violation v : report.violations()) {
            onEach.accept(v);
            if (v.kind().ambiguous()) {
                left += merge ? 0 : 1;
                continue;
            }
            if (!v.kind().fixable()) {
                left++;
                continue;
            }
            boolean done;
            try {
                done = fix(v, v.items().get(0));
            } catch (ConditionalCheckFailedException | TransactionCanceledException changed) {
                done = false;
            }
            if (done) {
                fixed++;
            } else {
                skipped++;
            }
        }
        return new Result(fixed, skipped, left);
    }

    private boolean fix(Violation v, ItemKey key) {
        Optional<Map<String, AttributeValue>> read = t.getItem(key.partition(), key.sort());
        if (read.isEmpty()) {
            return v.kind() == ViolationKind.ORPHAN || v.kind() == ViolationKind.EXPIRED || v.kind() == ViolationKind.STALE_CLAIM
                    || v.kind() == ViolationKind.STUB_ITEM || v.kind() == ViolationKind.CONSUMED_TOKEN;
        }
        Map<String, AttributeValue> item = read.get();
        switch (v.kind()) {
            case STUB_ITEM -> deleteIf(item, "attribute_not_exists(" + "#t" + ")", Map.of("#t", ItemCodec.TYPE), Map.of());
            case EXPIRED -> deleteIf(item, "#e = :e", Map.of("#e", ItemCodec.EXPIRES), Map.of(":e", item.get(ItemCodec.EXPIRES)));
            case CONSUMED_TOKEN -> deleteIf(item, "#u = :u", Map.of("#u", VerificationTokens.USED_BY),
                    Map.of(":u", item.get(VerificationTokens.USED_BY)));
            case ISO_EXPIRES -> {
                Instant expires = ItemCodec.parseDate(ItemCodec.stringAttribute(item, ItemCodec.EXPIRES));
                if (expires == null) {
                    return false;
                }
                t.client.updateItem(b -> b.tableName(t.name).key(t.keyOf(item)).updateExpression("SET #e = :n")
                        .conditionExpression("#e = :e").expressionAttributeNames(Map.of("#e", ItemCodec.EXPIRES))
                        .expressionAttributeValues(Map.of(":e", item.get(ItemCodec.EXPIRES),
                                ":n", AttributeValue.fromN(ItemCodec.epochSeconds(expires)))));
            }
            case UNDEFINED_INDEX_KEY, STALE_INDEX_KEY -> fixIndexKeys(item);
            case ORPHAN -> {
                String owner = ItemCodec.stringAttribute(item, "userId");
                List<TransactWriteItem> writes = new ArrayList<>();
                writes.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(t.name)
                        .key(t.codec.keyOf(Keys.user(owner), Keys.user(owner))).conditionExpression("attribute_not_exists(#p)")
                        .expressionAttributeNames(Map.of("#p", o.partitionKey())).build()).build());
                writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(t.name).key(t.keyOf(item))
                        .conditionExpression("attribute_exists(#p)").expressionAttributeNames(Map.of("#p", o.partitionKey()))
                        .build()).build());
                t.client.transactWriteItems(b -> b.transactItems(writes));
            }
            case STALE_CLAIM -> {
                String owner = ItemCodec.stringAttribute(item, "userId");
                String k = key.partition();
                List<TransactWriteItem> writes = new ArrayList<>();
                writes.add(TransactWriteItem.builder().delete(owner == null
                        ? Delete.builder().tableName(t.name).key(t.keyOf(item)).conditionExpression("attribute_not_exists(#u)")
                                .expressionAttributeNames(Map.of("#u", "userId")).build()
                        : claims.release(k, owner)).build());
                if (owner != null) {
                    Claims.Claim claim = k.startsWith(Keys.UNIQUE_EMAIL)
                            ? claims.email(k.substring(Keys.UNIQUE_EMAIL.length()), owner)
                            : accountClaim(k, owner);
                    if (claim == null) {
                        return false;
                    }
                    writes.add(claim.staleCheck().apply(owner));
                }
                t.client.transactWriteItems(b -> b.transactItems(writes));
            }
            case MISSING_CLAIM -> backfillClaim(item);
            default -> {
                return false;
            }
        }
        return true;
    }

    private Claims.Claim accountClaim(String claimKey, String owner) {
        // the claim key is UNIQUE#ACCOUNT#<provider>#<providerAccountId>; find the owner's account to split it right
        for (Map<String, AttributeValue> a : t.queryPartition(Keys.user(owner), Keys.ACCOUNT)) {
            String p = ItemCodec.stringAttribute(a, "provider");
            String id = ItemCodec.stringAttribute(a, "providerAccountId");
            if (p != null && id != null && Keys.uniqueAccount(p, id).equals(claimKey)) {
                return claims.account(p, id, owner);
            }
        }
        String rest = claimKey.substring(Keys.UNIQUE_ACCOUNT.length());
        int hash = rest.indexOf('#');
        return hash < 0 ? null : claims.account(rest.substring(0, hash), rest.substring(hash + 1), owner);
    }

    private void deleteIf(Map<String, AttributeValue> item, String condition, Map<String, String> names,
                          Map<String, AttributeValue> values) {
        t.client.deleteItem(b -> b.tableName(t.name).key(t.keyOf(item)).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values));
    }

    /** Sets the index keys the item's attributes call for, or removes them; conditioned on the attributes and old keys as read. */
    private void fixIndexKeys(Map<String, AttributeValue> item) {
        String sort = ItemCodec.stringAttribute(item, o.sortKey());
        String partition = ItemCodec.stringAttribute(item, o.partitionKey());
        String source;
        String gpk;
        String gsk;
        if (sort.equals(partition)) {
            source = "email";
            String email = ItemCodec.stringAttribute(item, source);
            gpk = email == null ? null : Keys.userEmail(email);
            gsk = gpk;
        } else if (sort.startsWith(Keys.ACCOUNT)) {
            source = "providerAccountId";
            gpk = Keys.accountIndexPartition(ItemCodec.stringAttribute(item, "provider"));
            gsk = Keys.accountIndexSort(ItemCodec.stringAttribute(item, source));
        } else if (sort.startsWith(Keys.SESSION)) {
            source = "sessionToken";
            gpk = sort;
            gsk = sort;
        } else {
            source = "credentialID";
            gpk = sort;
            gsk = sort;
        }
        Map<String, String> names = new HashMap<>(Map.of("#gp", o.indexPartitionKey(), "#gs", o.indexSortKey(), "#src", source));
        Map<String, AttributeValue> values = new HashMap<>();
        AttributeValue src = item.get(source);
        String condition = src == null ? "attribute_not_exists(#src)" : "#src = :src";
        if (src != null) {
            values.put(":src", src);
        }
        AttributeValue oldGpk = item.get(o.indexPartitionKey());
        condition += oldGpk == null ? " AND attribute_not_exists(#gp)" : " AND #gp = :ogp";
        if (oldGpk != null) {
            values.put(":ogp", oldGpk);
        }
        String update;
        if (gpk == null) {
            update = "REMOVE #gp, #gs";
        } else {
            update = "SET #gp = :gp, #gs = :gs";
            values.put(":gp", AttributeValue.fromS(gpk));
            values.put(":gs", AttributeValue.fromS(gsk));
        }
        String u = update;
        String c = condition;
        t.client.updateItem(b -> b.tableName(t.name).key(t.keyOf(item)).updateExpression(u).conditionExpression(c)
                .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values));
    }

    /** Writes the claim a user's email or an account lacks, in one transaction with a check that it still holds the value. */
    private void backfillClaim(Map<String, AttributeValue> item) {
        String sort = ItemCodec.stringAttribute(item, o.sortKey());
        String owner;
        String claimKey;
        ConditionCheck.Builder still = ConditionCheck.builder().tableName(t.name).key(t.keyOf(item));
        if (sort.startsWith(Keys.ACCOUNT)) {
            owner = ItemCodec.stringAttribute(item, "userId");
            claimKey = Keys.uniqueAccount(ItemCodec.stringAttribute(item, "provider"), ItemCodec.stringAttribute(item, "providerAccountId"));
            still.conditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", "userId"))
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(owner)));
        } else {
            owner = ItemCodec.stringAttribute(item, "id");
            String email = ItemCodec.stringAttribute(item, "email");
            claimKey = Keys.uniqueEmail(email);
            still.conditionExpression("#e = :e").expressionAttributeNames(Map.of("#e", "email"))
                    .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(email)));
        }
        Map<String, AttributeValue> claim = t.codec.keyOf(claimKey, claimKey);
        claim.put(ItemCodec.TYPE, AttributeValue.fromS(Keys.TYPE_UNIQUE));
        claim.put("userId", AttributeValue.fromS(owner));
        Put put = Put.builder().tableName(t.name).item(claim).conditionExpression("attribute_not_exists(#p)")
                .expressionAttributeNames(Map.of("#p", o.partitionKey())).build();
        t.client.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().put(put).build(),
                TransactWriteItem.builder().conditionCheck(still.build()).build()));
    }

    // ---- merging duplicate users ------------------------------------------------------------------

    /** Users that share an email or a provider account, transitively: each group becomes one user. */
    private List<List<String>> duplicateGroups(TableReport report) {
        Map<String, String> parent = new HashMap<>();
        for (Violation v : report.violations()) {
            if (!v.kind().ambiguous()) {
                continue;
            }
            String first = null;
            for (ItemKey k : v.items()) {
                String id = k.partition().substring(Keys.USER.length());
                parent.putIfAbsent(id, id);
                if (first == null) {
                    first = id;
                } else {
                    parent.put(root(parent, id), root(parent, first));
                }
            }
        }
        Map<String, List<String>> groups = new HashMap<>();
        for (String id : parent.keySet()) {
            groups.computeIfAbsent(root(parent, id), r -> new ArrayList<>()).add(id);
        }
        return groups.values().stream().filter(g -> g.size() > 1).toList();
    }

    private static String root(Map<String, String> parent, String id) {
        while (!parent.get(id).equals(id)) {
            id = parent.get(id);
        }
        return id;
    }

    /**
     * Keeps the oldest user of the group and moves the others' accounts, sessions and passkeys to it, then deletes
     * them. The table records no creation time: "oldest" is the earliest {@code emailVerified} (set at the first
     * magic-link sign-in), users never verified after, ties by id. An account the kept user has already is dropped.
     */
    private boolean mergeUsers(List<String> ids) {
        List<Map<String, AttributeValue>> users = new ArrayList<>();
        for (String id : ids) {
            t.getItem(Keys.user(id), Keys.user(id)).ifPresent(users::add);
        }
        if (users.size() < 2) {
            return false;
        }
        users.sort(Comparator.comparing((Map<String, AttributeValue> u) -> Optional.ofNullable(ItemCodec.stringAttribute(u, "emailVerified"))
                        .map(ItemCodec::parseDate).orElse(Instant.MAX))
                .thenComparing(u -> ItemCodec.stringAttribute(u, "id")));
        String keeper = ItemCodec.stringAttribute(users.get(0), "id");
        Set<String> keeperSorts = new LinkedHashSet<>();
        t.queryPartition(Keys.user(keeper), null).forEach(i -> keeperSorts.add(ItemCodec.stringAttribute(i, o.sortKey())));
        for (Map<String, AttributeValue> loser : users.subList(1, users.size())) {
            String id = ItemCodec.stringAttribute(loser, "id");
            for (Map<String, AttributeValue> item : t.queryPartition(Keys.user(id), null)) {
                String sort = ItemCodec.stringAttribute(item, o.sortKey());
                if (sort.equals(Keys.user(id))) {
                    continue;
                }
                Delete remove = Delete.builder().tableName(t.name).key(t.keyOf(item)).conditionExpression("#u = :u")
                        .expressionAttributeNames(Map.of("#u", "userId"))
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(id))).build();
                List<TransactWriteItem> writes = new ArrayList<>();
                writes.add(TransactWriteItem.builder().delete(remove).build());
                if (!keeperSorts.contains(sort)) {
                    Map<String, AttributeValue> moved = new HashMap<>(item);
                    moved.put(o.partitionKey(), AttributeValue.fromS(Keys.user(keeper)));
                    moved.put("userId", AttributeValue.fromS(keeper));
                    writes.add(TransactWriteItem.builder().put(Put.builder().tableName(t.name).item(moved)
                            .conditionExpression("attribute_not_exists(#p)").expressionAttributeNames(Map.of("#p", o.partitionKey()))
                            .build()).build());
                }
                t.client.transactWriteItems(b -> b.transactItems(writes));
                if (sort.startsWith(Keys.ACCOUNT)) {
                    claims.releaseNow(Keys.uniqueAccount(ItemCodec.stringAttribute(item, "provider"),
                            ItemCodec.stringAttribute(item, "providerAccountId")), id);
                }
            }
            String email = ItemCodec.stringAttribute(loser, "email");
            if (email != null) {
                claims.releaseNow(Keys.uniqueEmail(email), id);
            }
            deleteIf(loser, "attribute_exists(#p)", Map.of("#p", o.partitionKey()), Map.of());
            // a write that slipped in meanwhile would be an orphan: the next check reports it, the next fix deletes it
        }
        return true;
    }

    /** Builds a {@link TableRepair}. */
    public static final class Builder {
        private final DynamoDbClient client;
        private TableOptions options = TableOptions.defaults();
        private Clock clock = Clock.systemUTC();
        private boolean merge;
        private Consumer<Violation> onEach = v -> {};

        private Builder(DynamoDbClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        public Builder options(TableOptions options) { this.options = Objects.requireNonNull(options); return this; }
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }
        /** Merge users that share an email or a provider account: keep the oldest, move the others' items to it, delete them. */
        public Builder mergeDuplicates(boolean merge) { this.merge = merge; return this; }
        /** Called before each violation is handled (for progress). */
        public Builder progress(Consumer<Violation> onEach) { this.onEach = Objects.requireNonNull(onEach); return this; }

        public TableRepair build() { return new TableRepair(this); }
    }
}
