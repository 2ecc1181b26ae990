package dev.dynauth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Magic-link tokens: the {@code VT#<identifier>} / {@code VT#<token>} items, each usable once. */
final class VerificationTokens {

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

    Optional<VerificationToken> use(String identifier, String token) {
        if (!Keys.usableAsPartition(identifier, Keys.vt(identifier)) || !Keys.usableAsSort(token, Keys.vt(token))) {
            return Optional.empty();
        }
        // A conditional delete: of any number of concurrent callers exactly one passes the condition and gets
        // the item (DynamoDB Local does not serialise unconditional deletes that return ALL_OLD).
        Expr x = new Expr();
        String condition = "attribute_exists(" + x.name(t.options.partitionKey()) + ")";
        DeleteItemResponse r;
        try {
            r = t.client.deleteItem(b -> b.tableName(t.name).key(t.codec.keyOf(Keys.vt(identifier), Keys.vt(token)))
                    .conditionExpression(condition).expressionAttributeNames(x.names()).returnValues(ReturnValue.ALL_OLD));
        } catch (ConditionalCheckFailedException usedOrUnknown) {
            return Optional.empty();
        }
        if (!r.hasAttributes() || r.attributes().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(t.codec.decodeVerificationToken(r.attributes()))
                .filter(v -> !t.expired(v.expires()));
    }
}
