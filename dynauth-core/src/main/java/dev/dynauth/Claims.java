package dev.dynauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The uniqueness claim items ({@code UNIQUE#EMAIL#<email>}, {@code UNIQUE#ACCOUNT#<provider>#<providerAccountId>})
 * and the transactions that write them together with the user or account they guard, retrying on conflicts.
 */
final class Claims {

    // Logs under the adapter's name, as before the adapter was split, so existing log configuration still applies.
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbAdapter.class);
    private static final int MAX_TRANSACTION_ATTEMPTS = 10;

    private final Table t;

    Claims(Table table) {
        this.t = table;
    }

    /**
     * A uniqueness claim: an item keyed by the unique value, naming its owner. {@code stale} reads
     * whether the owner let go (deleted, or changed behind our back by a writer that knows nothing of
     * claims); {@code staleCheck} asserts the same inside the transaction that takes the claim over.
     */
    record Claim(String key, String userId, Predicate<String> stale, Function<String, TransactWriteItem> staleCheck) {}

    Claim email(String email, String userId) {
        return new Claim(Keys.uniqueEmail(email), userId,
                owner -> t.getItem(Keys.user(owner), Keys.user(owner))
                        .map(u -> !email.equals(ItemCodec.stringAttribute(u, "email"))).orElse(true),
                owner -> {
                    Expr x = new Expr();
                    String e = x.name("email");
                    return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(t.name)
                            .key(t.codec.keyOf(Keys.user(owner), Keys.user(owner)))
                            .conditionExpression("attribute_not_exists(" + x.name(t.options.partitionKey()) + ") OR attribute_not_exists("
                                    + e + ") OR " + e + " <> " + x.value(email))
                            .expressionAttributeNames(x.names()).expressionAttributeValues(x.values()).build()).build();
                });
    }

    Claim account(String provider, String providerAccountId, String userId) {
        String sort = Keys.accountSort(provider, providerAccountId);
        return new Claim(Keys.uniqueAccount(provider, providerAccountId), userId,
                owner -> t.getItem(Keys.user(owner), sort).isEmpty(),
                owner -> {
                    Expr x = new Expr();
                    return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(t.name)
                            .key(t.codec.keyOf(Keys.user(owner), sort))
                            .conditionExpression("attribute_not_exists(" + x.name(t.options.partitionKey()) + ")")
                            .expressionAttributeNames(x.names()).build()).build();
                });
    }

    /**
     * Runs {@code writes} in one transaction with the claim. A claim held by a live owner means
     * {@code taken}; a stale one is taken over, conditioned on its owner still being the stale one.
     */
    void transactWithClaim(Claim claim, List<TransactWriteItem> writes,
                           IntFunction<RuntimeException> writeFailed, Supplier<RuntimeException> taken) {
        transactWithClaim(claim, writes, null, writeFailed, taken);
    }

    /**
     * As above; {@code ownUpdate} tells from an update's item as found (ReturnValuesOnConditionCheckFailure) that
     * the update had been applied already. A transaction whose every failed condition is its own earlier write
     * (the SDK retried it after a lost response) has succeeded.
     */
    void transactWithClaim(Claim claim, List<TransactWriteItem> writes, Predicate<Map<String, AttributeValue>> ownUpdate,
                           IntFunction<RuntimeException> writeFailed, Supplier<RuntimeException> taken) {
        String expectedOwner = null;
        for (int attempt = 1; ; attempt++) {
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().put(claimPut(claim, expectedOwner)).build());
            boolean takeover = expectedOwner != null && !expectedOwner.equals(claim.userId());
            if (takeover) {
                items.add(claim.staleCheck().apply(expectedOwner));
            }
            int offset = items.size();
            items.addAll(writes);
            try {
                t.client.transactWriteItems(b -> b.transactItems(items));
                if (takeover) {
                    LOG.info("took over a uniqueness claim whose owner no longer holds it");
                }
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.isEmpty() || reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()))) {
                    if (attempt >= MAX_TRANSACTION_ATTEMPTS) {
                        throw new AdapterException("the write kept conflicting with concurrent writes; retry", e);
                    }
                    pause(attempt);
                    continue;
                }
                boolean ownWrites = false;
                for (int i = offset; i < reasons.size(); i++) {
                    if (failed(reasons.get(i))) {
                        if (!own(writes.get(i - offset), reasons.get(i), ownUpdate)) {
                            throw writeFailed.apply(i - offset);
                        }
                        ownWrites = true;
                    }
                }
                CancellationReason claimReason = reasons.get(0);
                boolean claimOurs = !failed(claimReason) || (claimReason.hasItem()
                        && claim.userId().equals(ItemCodec.stringAttribute(claimReason.item(), "userId")));
                if (ownWrites && claimOurs && !(takeover && failed(reasons.get(1)))) {
                    LOG.debug("a retried transaction had been applied already");
                    return;
                }
                if (attempt >= MAX_TRANSACTION_ATTEMPTS) {
                    throw taken.get();
                }
                Optional<String> owner = t.getItem(claim.key(), claim.key()).map(m -> ItemCodec.stringAttribute(m, "userId"));
                if (owner.isEmpty()) {
                    expectedOwner = null;
                } else if (owner.get().equals(claim.userId()) || claim.stale().test(owner.get())) {
                    expectedOwner = owner.get();
                } else {
                    throw taken.get();
                }
            }
        }
    }

    /** Runs {@code writes} in one transaction, retrying on conflicts; a failed condition is {@code writeFailed}. */
    void transact(List<TransactWriteItem> writes, Predicate<Map<String, AttributeValue>> ownUpdate,
                  IntFunction<RuntimeException> writeFailed) {
        for (int attempt = 1; ; attempt++) {
            try {
                t.client.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                boolean ownWrites = false;
                for (int i = 0; i < reasons.size(); i++) {
                    if (failed(reasons.get(i))) {
                        if (!own(writes.get(i), reasons.get(i), ownUpdate)) {
                            throw writeFailed.apply(i);
                        }
                        ownWrites = true;
                    }
                }
                if (ownWrites) {
                    return;
                }
                if (attempt >= MAX_TRANSACTION_ATTEMPTS) {
                    throw new AdapterException("the write kept conflicting with concurrent writes; retry", e);
                }
                pause(attempt);
            }
        }
    }

    /** Whether a failed condition only found this very write applied already. */
    private static boolean own(TransactWriteItem write, CancellationReason reason, Predicate<Map<String, AttributeValue>> ownUpdate) {
        if (!reason.hasItem() || reason.item().isEmpty()) {
            return false;
        }
        if (write.put() != null) {
            return Items.same(write.put().item(), reason.item());
        }
        return write.update() != null && ownUpdate != null && ownUpdate.test(reason.item());
    }

    private Put claimPut(Claim claim, String expectedOwner) {
        Map<String, AttributeValue> item = t.codec.keyOf(claim.key(), claim.key());
        item.put(ItemCodec.TYPE, AttributeValue.fromS(Keys.TYPE_UNIQUE));
        item.put("userId", AttributeValue.fromS(claim.userId()));
        Expr x = new Expr();
        String condition = expectedOwner == null
                ? "attribute_not_exists(" + x.name(t.options.partitionKey()) + ")"
                : x.name("userId") + " = " + x.value(expectedOwner);
        return Put.builder().tableName(t.name).item(item).conditionExpression(condition)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .expressionAttributeNames(x.names()).expressionAttributeValues(x.values()).build();
    }

    /** Deletes a claim only if this user still owns it (someone may have taken it over). */
    Delete release(String key, String userId) {
        Expr x = new Expr();
        return Delete.builder().tableName(t.name).key(t.codec.keyOf(key, key))
                .conditionExpression("attribute_not_exists(" + x.name(t.options.partitionKey()) + ") OR "
                        + x.name("userId") + " = " + x.value(userId))
                .expressionAttributeNames(x.names()).expressionAttributeValues(x.values()).build();
    }

    /** {@link #release} on its own, outside a transaction. */
    void releaseNow(String key, String userId) {
        if (!Keys.usableAsSort(key, key)) {
            return;
        }
        Delete d = release(key, userId);
        try {
            t.client.deleteItem(b -> b.tableName(t.name).key(d.key()).conditionExpression(d.conditionExpression())
                    .expressionAttributeNames(d.expressionAttributeNames())
                    .expressionAttributeValues(d.expressionAttributeValues()));
        } catch (ConditionalCheckFailedException takenOver) {
            LOG.debug("a uniqueness claim had already passed to another user");
        }
    }

    private static boolean failed(CancellationReason r) {
        return "ConditionalCheckFailed".equals(r.code());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(200, (long) (5 * Math.pow(2, attempt) * (0.5 + Math.random()))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdapterException("interrupted", e);
        }
    }
}
