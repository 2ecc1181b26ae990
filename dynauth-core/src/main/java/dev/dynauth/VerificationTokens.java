package dev.dynauth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/** Magic-link tokens: the {@code VT#<identifier>} / {@code VT#<token>} items, each usable once. */
final class VerificationTokens {

    /** Marks a token consumed by one call of {@link #use} until the item is deleted right after (dynauth's own attribute). */
    static final String USED_BY = "dynauthUsedBy";
    private static final int DELETE_ATTEMPTS = 10;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DynamoDbAdapter.class);

    private final Table t;

    VerificationTokens(Table table) {
        this.t = table;
    }

    VerificationToken create(VerificationToken token) {
        Objects.requireNonNull(token, "token");
        Keys.require(token.identifier(), Keys.vt(token.identifier()), Keys.MAX_PARTITION_KEY_BYTES, "identifier");
        Keys.require(token.token(), Keys.vt(token.token()), Keys.MAX_SORT_KEY_BYTES, "token");
        Map<String, AttributeValue> item = t.codec.encodeVerificationToken(token);
        t.client.putItem(b -> b.tableName(t.name).item(item));
        return token;
    }

    /**
     * Consumes the token in two writes: a conditional update marks it used by this call (a random attempt id), then
     * the item is deleted. One conditional delete could not tell, when the SDK retries it after a lost response,
     * whether the token it no longer finds was consumed by this very call or by another; the mark can (the retried
     * update sees its own attempt id), so a call that consumed a token always returns it. The mark lives for the
     * few milliseconds until the delete; if the process dies in between, the marked token stays unusable for dynauth
     * until it expires (the npm adapter, which does not know the mark, would still accept it in that window).
     */
    Optional<VerificationToken> use(String identifier, String token) {
        if (!Keys.usableAsPartition(identifier, Keys.vt(identifier)) || !Keys.usableAsSort(token, Keys.vt(token))) {
            return Optional.empty();
        }
        Map<String, AttributeValue> key = t.codec.keyOf(Keys.vt(identifier), Keys.vt(token));
        String attempt = UUID.randomUUID().toString();
        Expr x = new Expr();
        String usedBy = x.name(USED_BY);
        String mark = x.value(attempt);
        String condition = "attribute_exists(" + x.name(t.options.partitionKey()) + ") AND attribute_not_exists(" + usedBy + ")";
        Map<String, AttributeValue> item = null;
        // A mark whose answer is lost (the SDK gave up) is sent again with the same attempt id, which recognises it: so
        // the token this call consumed is returned, not left marked and reported as used.
        for (int i = 1; item == null; i++) {
            try {
                item = t.client.updateItem(b -> b.tableName(t.name).key(key).updateExpression("SET " + usedBy + " = " + mark)
                        .conditionExpression(condition).expressionAttributeNames(x.names()).expressionAttributeValues(x.values())
                        .returnValues(ReturnValue.ALL_NEW)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            } catch (ConditionalCheckFailedException usedOrUnknown) {
                if (!usedOrUnknown.hasItem() || !attempt.equals(ItemCodec.stringAttribute(usedOrUnknown.item(), USED_BY))) {
                    return Optional.empty();
                }
                item = usedOrUnknown.item(); // our own mark: the SDK retried the update after a lost response
            } catch (RetryableException e) {
                if (i >= DELETE_ATTEMPTS) {
                    throw e;
                }
            }
        }
        // Deleting a missing item succeeds, so a retried delete is harmless.
        Expr d = new Expr();
        String deleteCondition = "attribute_not_exists(" + d.name(t.options.partitionKey()) + ") OR " + d.name(USED_BY) + " = " + d.value(attempt);
        // The token is consumed already (the mark): a failing delete must not turn that into an error, so it is retried
        // a few times and otherwise left to the doctor (a CONSUMED_TOKEN, unusable meanwhile).
        for (int i = 1; i <= DELETE_ATTEMPTS; i++) {
            try {
                t.client.deleteItem(b -> b.tableName(t.name).key(key).conditionExpression(deleteCondition)
                        .expressionAttributeNames(d.names()).expressionAttributeValues(d.values()));
                break;
            } catch (ConditionalCheckFailedException replaced) {
                break; // the same token was issued again meanwhile: that new item is not ours to delete
            } catch (RetryableException e) {
                if (i == DELETE_ATTEMPTS) {
                    LOG.warn("a consumed verification token could not be deleted; `dynauth doctor --fix` removes it");
                }
            }
        }
        Map<String, AttributeValue> consumed = new java.util.HashMap<>(item);
        consumed.remove(USED_BY);
        return Optional.ofNullable(t.codec.decodeVerificationToken(consumed))
                .filter(v -> !t.expired(v.expires()));
    }
}
