package dev.dynauth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** Database sessions: the {@code SESSION#<token>} items in the user's partition, found by token through the index. */
final class Sessions {

    private final Table t;

    Sessions(Table table) {
        this.t = table;
    }

    AdapterSession create(AdapterSession session) {
        Objects.requireNonNull(session, "session");
        Table.requireUserId(session.userId());
        Keys.require(session.sessionToken(), Keys.session(session.sessionToken()), Keys.MAX_SORT_KEY_BYTES, "session token");
        Map<String, AttributeValue> item = t.codec.encodeSession(session);
        // A put the SDK retried after a lost response finds its own item: that is success, not a conflict.
        t.putNew(t.putIfAbsent(item), () -> new ConflictException("a session with this token exists already"));
        t.requireUserStill(session.userId(), item);
        return session;
    }

    /** The live session of a token. */
    Optional<AdapterSession> findLive(String sessionToken) {
        return findItem(sessionToken).map(t.codec::decodeSession).filter(this::isLive);
    }

    Optional<AdapterSession> update(SessionUpdate update) {
        Objects.requireNonNull(update, "update");
        t.checkNames(update.attributes().keySet());
        Optional<Map<String, AttributeValue>> found = findItem(update.sessionToken());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> changes = new LinkedHashMap<>(update.attributes());
        if (update.expires() != null) {
            changes.put(ItemCodec.EXPIRES, update.expires());
        }
        if (changes.isEmpty()) {
            return found.map(t.codec::decodeSession).filter(this::isLive);
        }
        Expr x = new Expr();
        String set = t.setClause(x, changes);
        Instant now = t.now();
        String e = x.name(ItemCodec.EXPIRES);
        // Only a live session may be extended: a stale cookie must not bring an expired session back.
        String condition = "attribute_exists(" + x.name(t.options.partitionKey()) + ") AND ("
                + "(attribute_type(" + e + ", " + x.value("N") + ") AND " + e + " >= " + x.value(AttributeValue.fromN(ItemCodec.epochSeconds(now))) + ")"
                + " OR (attribute_type(" + e + ", " + x.value("S") + ") AND " + e + " >= " + x.value(ItemCodec.iso(now)) + "))";
        try {
            UpdateItemResponse r = t.client.updateItem(b -> b.tableName(t.name).key(t.keyOf(found.get()))
                    .updateExpression(set).conditionExpression(condition)
                    .expressionAttributeNames(x.names()).expressionAttributeValues(x.values())
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.ofNullable(t.codec.decodeSession(r.attributes()));
        } catch (ConditionalCheckFailedException gone) {
            return Optional.empty();
        }
    }

    Optional<AdapterSession> delete(String sessionToken) {
        return findItem(sessionToken).flatMap(item -> t.deleteReturningOld(t.keyOf(item))
                .flatMap(old -> Optional.ofNullable(t.codec.decodeSession(old)).filter(this::isLive)));
    }

    List<AdapterSession> listLive(String userId) {
        return stored(userId).stream().map(t.codec::decodeSession).filter(this::isLive).collect(Collectors.toList());
    }

    /** Items that are not readable as a session (no token, user or expiry) are left out. */
    List<AdapterSession> listAll(String userId) {
        return stored(userId).stream().map(t.codec::decodeSession).filter(Objects::nonNull).collect(Collectors.toList());
    }

    Optional<AdapterSession> find(String sessionToken) {
        return findItem(sessionToken).map(t.codec::decodeSession);
    }

    /** The expiry rule every session read of the adapter follows. */
    boolean isLive(AdapterSession session) {
        return session != null && !t.expired(session.expires());
    }

    int deleteAll(String userId) {
        if (!Table.usableUserId(userId)) {
            return 0;
        }
        List<Map<String, AttributeValue>> keys = stored(userId).stream().map(t::keyOf).collect(Collectors.toList());
        t.deleter.delete(keys);
        return keys.size();
    }

    private List<Map<String, AttributeValue>> stored(String userId) {
        if (!Table.usableUserId(userId)) {
            return List.of();
        }
        return t.queryPartition(Keys.user(userId), Keys.SESSION);
    }

    private Optional<Map<String, AttributeValue>> findItem(String sessionToken) {
        if (!Keys.usableAsSort(sessionToken, Keys.session(sessionToken))) {
            return Optional.empty();
        }
        return t.findByIndex(Keys.session(sessionToken), "sessionToken", sessionToken);
    }
}
