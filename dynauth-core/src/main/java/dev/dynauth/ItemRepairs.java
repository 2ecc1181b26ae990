package dev.dynauth;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The repairs of single items (everything but merges). Each re-reads its item, checks that the item as read now
 * still shows the violation (the report may be minutes old, and Auth.js keeps writing: a session slid after the
 * check is no longer expired, an ISO {@code expires} may be a number by now), and writes on condition that the
 * item is still as read. False means "changed meanwhile": nothing was written.
 */
final class ItemRepairs {

    private final Table t;
    private final Claims claims;
    private final TableOptions o;
    private final Clock clock;

    ItemRepairs(Table table, Clock clock) {
        this.t = table;
        this.claims = new Claims(table);
        this.o = table.options;
        this.clock = clock;
    }

    boolean fix(ViolationKind kind, ItemKey key) {
        Optional<Map<String, AttributeValue>> read = t.getItem(key.partition(), key.sort());
        if (read.isEmpty()) {
            // gone is what a delete wants; anything else had nothing left to repair
            return kind == ViolationKind.ORPHAN || kind == ViolationKind.EXPIRED || kind == ViolationKind.STALE_CLAIM
                    || kind == ViolationKind.STUB_ITEM || kind == ViolationKind.CONSUMED_TOKEN;
        }
        Map<String, AttributeValue> item = read.get();
        return switch (kind) {
            case STUB_ITEM -> deleteIf(item, "attribute_not_exists(#t)", Map.of("#t", ItemCodec.TYPE), Map.of());
            case EXPIRED -> stillExpired(item)
                    && deleteIf(item, "#e = :e", Map.of("#e", ItemCodec.EXPIRES), Map.of(":e", item.get(ItemCodec.EXPIRES)));
            case CONSUMED_TOKEN -> item.containsKey(VerificationTokens.USED_BY)
                    && deleteIf(item, "#u = :u", Map.of("#u", VerificationTokens.USED_BY), Map.of(":u", item.get(VerificationTokens.USED_BY)));
            case ISO_EXPIRES -> convertIsoExpires(item);
            case UNDEFINED_INDEX_KEY, STALE_INDEX_KEY -> fixIndexKeys(item);
            case ORPHAN -> deleteOrphan(item);
            case STALE_CLAIM -> releaseStaleClaim(key.partition(), item);
            case MISSING_CLAIM -> backfillClaim(item);
            default -> false;
        };
    }

    private boolean stillExpired(Map<String, AttributeValue> item) {
        AttributeValue e = item.get(ItemCodec.EXPIRES);
        Instant expires = e == null ? null : e.n() != null ? ItemCodec.fromEpochSeconds(e.n())
                : e.s() != null ? ItemCodec.parseDate(e.s()) : null;
        return expires != null && Expiry.expired(expires, clock.instant());
    }

    private boolean convertIsoExpires(Map<String, AttributeValue> item) {
        String iso = ItemCodec.stringAttribute(item, ItemCodec.EXPIRES);
        Instant expires = iso == null ? null : ItemCodec.parseDate(iso);
        if (expires == null) {
            return false; // a number by now (Auth.js slid the session), or unreadable: not this repair's
        }
        t.client.updateItem(b -> b.tableName(t.name).key(t.keyOf(item)).updateExpression("SET #e = :n")
                .conditionExpression("#e = :e").expressionAttributeNames(Map.of("#e", ItemCodec.EXPIRES))
                .expressionAttributeValues(Map.of(":e", item.get(ItemCodec.EXPIRES),
                        ":n", AttributeValue.fromN(ItemCodec.epochSeconds(expires)))));
        return true;
    }

    private boolean deleteOrphan(Map<String, AttributeValue> item) {
        String owner = ItemCodec.stringAttribute(item, "userId");
        if (owner == null || !Table.usableUserId(owner)) {
            return false;
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(t.name)
                .key(t.codec.keyOf(Keys.user(owner), Keys.user(owner))).conditionExpression("attribute_not_exists(#p)")
                .expressionAttributeNames(Map.of("#p", o.partitionKey())).build()).build());
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(t.name).key(t.keyOf(item))
                .conditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", "userId"))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(owner))).build()).build());
        t.client.transactWriteItems(b -> b.transactItems(writes));
        return true;
    }

    private boolean releaseStaleClaim(String k, Map<String, AttributeValue> item) {
        String owner = ItemCodec.stringAttribute(item, "userId");
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(owner == null
                ? Delete.builder().tableName(t.name).key(t.keyOf(item)).conditionExpression("attribute_not_exists(#u)")
                        .expressionAttributeNames(Map.of("#u", "userId")).build()
                : claims.release(k, owner)).build());
        if (owner != null) {
            if (!Table.usableUserId(owner)) {
                return false;
            }
            Claims.Claim claim = k.startsWith(Keys.UNIQUE_EMAIL)
                    ? claims.email(k.substring(Keys.UNIQUE_EMAIL.length()), owner)
                    : accountClaim(k, owner);
            if (claim == null) {
                return false;
            }
            writes.add(claim.staleCheck().apply(owner));
        }
        t.client.transactWriteItems(b -> b.transactItems(writes));
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

    private boolean deleteIf(Map<String, AttributeValue> item, String condition, Map<String, String> names,
                             Map<String, AttributeValue> values) {
        t.client.deleteItem(b -> b.tableName(t.name).key(t.keyOf(item)).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values));
        return true;
    }

    /** Sets the index keys the item's attributes call for, or removes them; conditioned on the attributes and old keys as read. */
    private boolean fixIndexKeys(Map<String, AttributeValue> item) {
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
            String provider = ItemCodec.stringAttribute(item, "provider");
            String id = ItemCodec.stringAttribute(item, source);
            if (provider == null || id == null) {
                return false;
            }
            gpk = Keys.accountIndexPartition(provider);
            gsk = Keys.accountIndexSort(id);
        } else {
            source = sort.startsWith(Keys.SESSION) ? "sessionToken" : "credentialID";
            gpk = sort;
            gsk = sort;
        }
        if (gpk != null && gpk.equals(ItemCodec.stringAttribute(item, o.indexPartitionKey()))
                && gsk.equals(ItemCodec.stringAttribute(item, o.indexSortKey()))) {
            return false; // right already: someone fixed it meanwhile
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
        return true;
    }

    /** Writes the claim a user's email or an account lacks, in one transaction with a check that it still holds the value. */
    private boolean backfillClaim(Map<String, AttributeValue> item) {
        String sort = ItemCodec.stringAttribute(item, o.sortKey());
        String owner;
        String claimKey;
        ConditionCheck.Builder still = ConditionCheck.builder().tableName(t.name).key(t.keyOf(item));
        if (sort.startsWith(Keys.ACCOUNT)) {
            owner = ItemCodec.stringAttribute(item, "userId");
            String provider = ItemCodec.stringAttribute(item, "provider");
            String id = ItemCodec.stringAttribute(item, "providerAccountId");
            if (owner == null || provider == null || id == null) {
                return false;
            }
            claimKey = Keys.uniqueAccount(provider, id);
            still.conditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", "userId"))
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(owner)));
        } else {
            owner = ItemCodec.stringAttribute(item, "id");
            String email = ItemCodec.stringAttribute(item, "email");
            if (owner == null || email == null) {
                return false; // the email was removed meanwhile: no claim to write
            }
            claimKey = Keys.uniqueEmail(email);
            still.conditionExpression("#e = :e").expressionAttributeNames(Map.of("#e", "email"))
                    .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(email)));
        }
        if (!Keys.usableAsSort(claimKey, claimKey)) {
            return false;
        }
        Map<String, AttributeValue> claim = t.codec.keyOf(claimKey, claimKey);
        claim.put(ItemCodec.TYPE, AttributeValue.fromS(Keys.TYPE_UNIQUE));
        claim.put("userId", AttributeValue.fromS(owner));
        Put put = Put.builder().tableName(t.name).item(claim).conditionExpression("attribute_not_exists(#p)")
                .expressionAttributeNames(Map.of("#p", o.partitionKey())).build();
        t.client.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().put(put).build(),
                TransactWriteItem.builder().conditionCheck(still.build()).build()));
        return true;
    }
}
