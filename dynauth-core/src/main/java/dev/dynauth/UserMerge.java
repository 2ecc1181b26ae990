package dev.dynauth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Merging duplicate users (an email or a provider account shared by several users): keep the oldest, move the
 * others' accounts, sessions and passkeys to it, delete the others.
 *
 * <p>Resumable from any write: the first write records the intent ({@code MERGE#<merged user>}, naming the kept
 * user), which {@link TableChecker} reports as {@link ViolationKind#UNFINISHED_MERGE} until the last write deletes
 * it. Without it, a merge killed after it moved the one account two users shared would leave two unrelated users
 * and nothing to tell they were one. Every write in between is conditioned on the item as read and is idempotent:
 * each moved item goes in one transaction with its uniqueness claim, and the merged user's delete goes with its
 * email claim, so a rerun finds each item either still to move or moved.
 */
final class UserMerge {

    /** The merged-away user's id, on the intent item (its key says it too; the attribute makes the item readable). */
    static final String FROM = "mergedUserId";

    /** The users of one group as read: the one kept first. */
    record Plan(Map<String, AttributeValue> keeper, List<Map<String, AttributeValue>> merged) {
        String keeperId() {
            return ItemCodec.stringAttribute(keeper, "id");
        }

        /** The merged users' emails that differ from the kept user's: they no longer sign in to anyone after the merge. */
        List<String> droppedEmails() {
            String kept = ItemCodec.stringAttribute(keeper, "email");
            return merged.stream().map(u -> ItemCodec.stringAttribute(u, "email"))
                    .filter(e -> e != null && !e.equals(kept)).distinct().toList();
        }

        TableRepair.MergePlan describe() {
            return new TableRepair.MergePlan(keeperId(), ItemCodec.stringAttribute(keeper, "email"),
                    merged.stream().map(u -> ItemCodec.stringAttribute(u, "id")).toList(), droppedEmails());
        }
    }

    private final Table t;
    private final TableOptions o;

    UserMerge(Table table) {
        this.t = table;
        this.o = table.options;
    }

    /** Users that share an email or a provider account, transitively: each group becomes one user. */
    static List<List<String>> duplicateGroups(TableReport report) {
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
        Map<String, List<String>> groups = new java.util.TreeMap<>();
        for (String id : new java.util.TreeSet<>(parent.keySet())) {
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
     * Reads the group's users and picks the one to keep. The table records no creation time: "oldest" is the earliest
     * {@code emailVerified} (set at the first magic-link sign-in), users never verified after, ties by id.
     */
    Optional<Plan> plan(List<String> ids) {
        List<Map<String, AttributeValue>> users = new ArrayList<>();
        for (String id : ids) {
            t.getItem(Keys.user(id), Keys.user(id)).ifPresent(users::add);
        }
        if (users.size() < 2) {
            return Optional.empty();
        }
        users.sort(Comparator.comparing((Map<String, AttributeValue> u) -> Optional.ofNullable(ItemCodec.stringAttribute(u, "emailVerified"))
                        .map(ItemCodec::parseDate).orElse(Instant.MAX))
                .thenComparing(u -> ItemCodec.stringAttribute(u, "id")));
        return Optional.of(new Plan(users.get(0), List.copyOf(users.subList(1, users.size()))));
    }

    /** Merges every other user of the plan into the kept one; false when one of them was being merged elsewhere. */
    boolean merge(Plan plan) {
        boolean all = true;
        for (Map<String, AttributeValue> loser : plan.merged()) {
            String id = ItemCodec.stringAttribute(loser, "id");
            recordIntent(plan.keeperId(), id);
            all &= finish(plan.keeperId(), id);
        }
        return all;
    }

    /** Finishes the merge an intent item records; false when the intent changed or its kept user is gone. */
    boolean resume(ItemKey intent) {
        Optional<Map<String, AttributeValue>> read = t.getItem(intent.partition(), intent.sort());
        if (read.isEmpty()) {
            return false; // finished meanwhile
        }
        String keeper = ItemCodec.stringAttribute(read.get(), "userId");
        String from = ItemCodec.stringAttribute(read.get(), FROM);
        if (keeper == null || from == null) {
            return false;
        }
        if (t.getItem(Keys.user(keeper), Keys.user(keeper)).isEmpty()) {
            // the kept user was deleted since: nothing to merge into; the merged user stays as it is
            deleteIntent(keeper, from);
            return true;
        }
        return finish(keeper, from);
    }

    /** Write 1: the intent, before anything else. Refused (ConditionalCheckFailed) if the user is being merged into another. */
    private void recordIntent(String keeper, String from) {
        Expr x = new Expr();
        Map<String, AttributeValue> item = t.codec.keyOf(Keys.merge(from), Keys.merge(from));
        item.put(ItemCodec.TYPE, AttributeValue.fromS(Keys.TYPE_MERGE));
        item.put("userId", AttributeValue.fromS(keeper));
        item.put(FROM, AttributeValue.fromS(from));
        String condition = "attribute_not_exists(" + x.name(o.partitionKey()) + ") OR " + x.name("userId") + " = " + x.value(keeper);
        t.client.putItem(b -> b.tableName(t.name).item(item).conditionExpression(condition)
                .expressionAttributeNames(x.names()).expressionAttributeValues(x.values()));
    }

    /**
     * Writes 2..n: each item of the merged user's partition, moved in one transaction with its claim; then the merged
     * user with its email claim; last the intent. Items without {@code type} (stubs) or of another owner are left
     * for their own repair: they never block the merge. An item that changed while it was moved leaves the merged
     * user and the intent in place, so the next run moves it rather than orphaning it.
     */
    private boolean finish(String keeper, String from) {
        Set<String> keeperSorts = new LinkedHashSet<>();
        t.queryPartition(Keys.user(keeper), null).forEach(i -> keeperSorts.add(ItemCodec.stringAttribute(i, o.sortKey())));
        boolean all = true;
        Map<String, AttributeValue> fromUser = null;
        for (Map<String, AttributeValue> item : t.queryPartition(Keys.user(from), null)) {
            String sort = ItemCodec.stringAttribute(item, o.sortKey());
            if (sort.equals(Keys.user(from))) {
                fromUser = item;
                continue;
            }
            if (item.get(ItemCodec.TYPE) == null || !from.equals(ItemCodec.stringAttribute(item, "userId"))) {
                continue;
            }
            all &= TableRepair.unlessChanged(() -> moveItem(item, sort, keeper, from, keeperSorts));
        }
        if (!all) {
            return false; // an item changed while it was moved: the intent stays, the next run moves it
        }
        if (fromUser != null) {
            Map<String, AttributeValue> user = fromUser;
            if (!TableRepair.unlessChanged(() -> deleteMergedUser(user, keeper, from))) {
                return false;
            }
        }
        deleteIntent(keeper, from);
        return true;
    }

    private void moveItem(Map<String, AttributeValue> item, String sort, String keeper, String from, Set<String> keeperSorts) {
        Expr x = new Expr();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(t.name).key(t.keyOf(item))
                .conditionExpression(x.name("userId") + " = " + x.value(from))
                .expressionAttributeNames(x.names()).expressionAttributeValues(x.values()).build()).build());
        if (!keeperSorts.contains(sort)) {
            Map<String, AttributeValue> moved = new HashMap<>(item);
            moved.put(o.partitionKey(), AttributeValue.fromS(Keys.user(keeper)));
            moved.put("userId", AttributeValue.fromS(keeper));
            Expr p = new Expr();
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(t.name).item(moved)
                    .conditionExpression("attribute_not_exists(" + p.name(o.partitionKey()) + ")")
                    .expressionAttributeNames(p.names()).build()).build());
        }
        String provider = ItemCodec.stringAttribute(item, "provider");
        String accountId = ItemCodec.stringAttribute(item, "providerAccountId");
        if (sort.startsWith(Keys.ACCOUNT) && provider != null && accountId != null) {
            writes.add(claimFor(Keys.uniqueAccount(provider, accountId), keeper, from));
        }
        t.client.transactWriteItems(b -> b.transactItems(writes));
    }

    /** The merged user's delete, with its email claim passed to the kept user (same email) or released (another one). */
    private void deleteMergedUser(Map<String, AttributeValue> user, String keeper, String from) {
        Expr x = new Expr();
        AttributeValue email = user.get("email");
        String condition = "attribute_exists(" + x.name(o.partitionKey()) + ")"
                + (email == null ? "" : " AND " + x.name("email") + " = " + x.value(email));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(t.name).key(t.keyOf(user))
                .conditionExpression(condition).expressionAttributeNames(x.names()).expressionAttributeValues(x.values())
                .build()).build());
        String address = ItemCodec.stringAttribute(user, "email");
        if (address != null && Keys.usableAsSort(address, Keys.uniqueEmail(address))) {
            String keptEmail = t.getItem(Keys.user(keeper), Keys.user(keeper))
                    .map(k -> ItemCodec.stringAttribute(k, "email")).orElse(null);
            writes.add(address.equals(keptEmail) ? claimFor(Keys.uniqueEmail(address), keeper, from)
                    : TransactWriteItem.builder().delete(new Claims(t).release(Keys.uniqueEmail(address), from)).build());
        }
        t.client.transactWriteItems(b -> b.transactItems(writes));
    }

    /** A claim that named the merged user (or nobody, or the kept user already) now names the kept user. */
    private TransactWriteItem claimFor(String claimKey, String keeper, String from) {
        Expr x = new Expr();
        Map<String, AttributeValue> claim = t.codec.keyOf(claimKey, claimKey);
        claim.put(ItemCodec.TYPE, AttributeValue.fromS(Keys.TYPE_UNIQUE));
        claim.put("userId", AttributeValue.fromS(keeper));
        String u = x.name("userId");
        return TransactWriteItem.builder().put(Put.builder().tableName(t.name).item(claim)
                .conditionExpression("attribute_not_exists(" + x.name(o.partitionKey()) + ") OR " + u + " = "
                        + x.value(from) + " OR " + u + " = " + x.value(keeper))
                .expressionAttributeNames(x.names()).expressionAttributeValues(x.values()).build()).build();
    }

    /** The last write: the merge is done. Conditioned on the intent still naming this kept user. */
    private void deleteIntent(String keeper, String from) {
        Expr x = new Expr();
        String condition = "attribute_not_exists(" + x.name(o.partitionKey()) + ") OR " + x.name("userId") + " = " + x.value(keeper);
        t.client.deleteItem(b -> b.tableName(t.name).key(t.codec.keyOf(Keys.merge(from), Keys.merge(from)))
                .conditionExpression(condition).expressionAttributeNames(x.names()).expressionAttributeValues(x.values()));
    }
}
