package dev.dynauth;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** Passkeys: the {@code AUTHENTICATOR#<credentialID>} items in the user's partition, found by credential id through the index. */
final class Authenticators {

    private final Table t;

    Authenticators(Table table) {
        this.t = table;
    }

    AdapterAuthenticator create(AdapterAuthenticator authenticator) {
        Objects.requireNonNull(authenticator, "authenticator");
        Table.requireUserId(authenticator.userId());
        String credentialID = authenticator.credentialID();
        Keys.require(credentialID, Keys.authenticator(credentialID), Keys.MAX_SORT_KEY_BYTES, "credentialID");
        Supplier<RuntimeException> exists = () -> new ConflictException("a passkey with this credential id exists already");
        Map<String, AttributeValue> item = t.codec.encodeAuthenticator(authenticator);
        Optional<Map<String, AttributeValue>> existing = findItem(credentialID);
        if (existing.isPresent() && !Items.same(existing.get(), item)) {
            throw exists.get();
        }
        t.putNew(t.putIfAbsent(item), exists);
        t.requireUserStill(authenticator.userId(), item);
        return authenticator;
    }

    Optional<AdapterAuthenticator> get(String credentialID) {
        return findItem(credentialID).map(t.codec::decodeAuthenticator);
    }

    List<AdapterAuthenticator> listByUserId(String userId) {
        if (!Table.usableUserId(userId)) {
            return List.of();
        }
        return t.queryPartition(Keys.user(userId), Keys.AUTHENTICATOR).stream()
                .map(t.codec::decodeAuthenticator).collect(Collectors.toList());
    }

    /**
     * Sets the signature counter, which must increase (WebAuthn): a counter that does not is a cloned-authenticator
     * signal and is refused with {@link CounterRegressionException}, by a conditional write, so concurrent sign-ins
     * cannot move it backwards either. Both zero is allowed (authenticators without a counter always send 0).
     */
    AdapterAuthenticator updateCounter(String credentialID, long newCounter) {
        if (newCounter < 0) {
            throw new IllegalArgumentException("counter must not be negative");
        }
        Supplier<NotFoundException> missing = () -> new NotFoundException("no passkey with credential id " + credentialID);
        Map<String, AttributeValue> item = findItem(credentialID).orElseThrow(missing);
        Expr x = new Expr();
        String counter = x.name("counter");
        AttributeValue value = AttributeValue.fromN(Long.toString(newCounter));
        String set = "SET " + counter + " = " + x.value(value);
        String condition = "attribute_exists(" + x.name(t.options.partitionKey()) + ") AND ("
                + (newCounter == 0 ? counter + " = " + x.value(value) : counter + " < " + x.value(value))
                + " OR attribute_not_exists(" + counter + "))";
        try {
            UpdateItemResponse r = t.client.updateItem(b -> b.tableName(t.name).key(t.keyOf(item)).updateExpression(set)
                    .conditionExpression(condition).expressionAttributeNames(x.names())
                    .expressionAttributeValues(x.values()).returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return t.codec.decodeAuthenticator(r.attributes());
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                throw missing.get();
            }
            AdapterAuthenticator stored = t.codec.decodeAuthenticator(e.item());
            if (stored.counter() == newCounter && newCounter != 0) {
                // Already this value: the SDK retried our update after a lost response (or a concurrent identical one).
                return stored;
            }
            throw new CounterRegressionException("the signature counter of this passkey would not increase (stored "
                    + stored.counter() + ", given " + newCounter + "): possibly a cloned authenticator");
        }
    }

    Optional<AdapterAuthenticator> delete(String credentialID) {
        return findItem(credentialID).flatMap(item -> t.deleteReturningOld(t.keyOf(item)).map(t.codec::decodeAuthenticator));
    }

    private Optional<Map<String, AttributeValue>> findItem(String credentialID) {
        if (!Keys.usableAsSort(credentialID, Keys.authenticator(credentialID))) {
            return Optional.empty();
        }
        return t.findByIndex(Keys.authenticator(credentialID), "credentialID", credentialID);
    }
}
