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
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Database sessions: the {@code SESSION#<token>} items in the user's partition. A token whose owner is known (a
 * {@link SessionTokens self-locating} token, or one whose owner {@link SessionOwners is remembered}) is read, updated
 * and deleted by key: one strongly consistent request, immune to index lag. Other tokens are found through the index,
 * and their owner is remembered from then on.
 */
final class Sessions {

    private final Table t;
    private final SessionOwners owners;

    Sessions(Table table, SessionOwners owners) {
        this.t = table;
        this.owners = owners;
    }

    AdapterSession create(AdapterSession session) {
        Map<String, AttributeValue> item = newItem(t, session);
        // A put the SDK retried after a lost response finds its own item: that is success, not a conflict.
        t.putNew(t.putIfAbsent(item), Sessions::taken);
        t.requireUserStill(session.userId(), item);
        owners.remember(session.sessionToken(), session.userId());
        return session;
    }

    /** What creating a session whose token is taken throws (sync and async alike). */
    static ConflictException taken() {
        return new ConflictException("a session with this token exists already");
    }

    /** A new session's item (sync and async alike), its user id, token and owner checked first. */
    static Map<String, AttributeValue> newItem(Table t, AdapterSession session) {
        Objects.requireNonNull(session, "session");
        Table.requireUserId(session.userId());
        Keys.require(session.sessionToken(), Keys.session(session.sessionToken()), Keys.MAX_SORT_KEY_BYTES, "session token");
        requireOwnerMatches(session);
        return t.codec.encodeSession(session);
    }

    /** A self-locating token is found under the owner it names only: it must be stored under that user. */
    private static void requireOwnerMatches(AdapterSession session) {
        SessionTokens.owner(session.sessionToken()).ifPresent(owner -> {
            if (!owner.equals(session.userId())) {
                throw new IllegalArgumentException("the session token names another user than the session's");
            }
        });
    }

    /**
     * The live session of a token with its user. Owner known: one {@code BatchGetItem} of the session and user
     * items. Otherwise: the index, then the user item (and the owner is remembered).
     */
    Optional<SessionAndUser> findLiveWithUser(String sessionToken) {
        if (!usable(sessionToken)) {
            return Optional.empty();
        }
        Optional<String> own = SessionTokens.owner(sessionToken);
        String owner = own.orElseGet(() -> owners.get(sessionToken));
        if (owner != null && Table.usableUserId(owner)) {
            Map<String, AttributeValue> sessionKey = t.codec.keyOf(Keys.user(owner), Keys.session(sessionToken));
            Map<String, AttributeValue> userKey = t.codec.keyOf(Keys.user(owner), Keys.user(owner));
            Map<Map<String, AttributeValue>, Map<String, AttributeValue>> items = t.batchGet(List.of(sessionKey, userKey));
            Map<String, AttributeValue> session = items.get(sessionKey);
            if (session != null || own.isPresent()) {
                return Optional.ofNullable(session).map(t.codec::decodeSession).filter(this::isLive)
                        .flatMap(live -> Optional.ofNullable(items.get(userKey)).map(t.codec::decodeUser)
                                .map(user -> new SessionAndUser(live, user)));
            }
            forgetGone(sessionToken);
        }
        return fromIndex(sessionToken).map(t.codec::decodeSession).filter(this::isLive)
                .flatMap(live -> t.getItem(Keys.user(live.userId()), Keys.user(live.userId())).map(t.codec::decodeUser)
                        .map(user -> new SessionAndUser(live, user)));
    }

    Optional<AdapterSession> update(SessionUpdate update) {
        String token = update.sessionToken();
        Map<String, Object> changes = changes(t, update);
        if (changes.isEmpty()) {
            return findItem(token).map(t.codec::decodeSession).filter(this::isLive);
        }
        if (!usable(token)) {
            return Optional.empty();
        }
        Optional<String> own = SessionTokens.owner(token);
        String owner = own.orElseGet(() -> owners.get(token));
        if (owner != null && Table.usableUserId(owner)) {
            Optional<AdapterSession> updated = updateLive(t.codec.keyOf(Keys.user(owner), Keys.session(token)), changes);
            if (updated.isPresent() || own.isPresent()) {
                return updated;
            }
            // not there or no longer live: ask the index (a remembered owner is dropped when the session is gone)
            forgetGone(token);
        }
        return fromIndex(token).flatMap(item -> updateLive(t.keyOf(item), changes));
    }

    /** The attributes an update sets, {@code expires} included (sync and async); its names checked. */
    static Map<String, Object> changes(Table t, SessionUpdate update) {
        Objects.requireNonNull(update, "update");
        t.checkNames(update.attributes().keySet());
        Map<String, Object> changes = new LinkedHashMap<>(update.attributes());
        if (update.expires() != null) {
            changes.put(ItemCodec.EXPIRES, update.expires());
        }
        return changes;
    }

    /** Sets the changes on the session with this key if it exists and is live; never creates or revives one. */
    private Optional<AdapterSession> updateLive(Map<String, AttributeValue> key, Map<String, Object> changes) {
        try {
            UpdateItemResponse r = t.client.updateItem(updateLiveRequest(t, key, changes));
            return Optional.ofNullable(t.codec.decodeSession(r.attributes()));
        } catch (ConditionalCheckFailedException gone) {
            return Optional.empty();
        }
    }

    /** The update of a live session only (sync and async alike): it never creates or revives one. */
    static UpdateItemRequest updateLiveRequest(Table t, Map<String, AttributeValue> key, Map<String, Object> changes) {
        Expr x = new Expr();
        String set = t.setClause(x, changes);
        Instant now = t.now();
        String e = x.name(ItemCodec.EXPIRES);
        // Only a live session may be extended: a stale cookie must not bring an expired session back.
        String condition = "attribute_exists(" + x.name(t.options.partitionKey()) + ") AND ("
                + "(attribute_type(" + e + ", " + x.value("N") + ") AND " + e + " >= " + x.value(AttributeValue.fromN(ItemCodec.epochSeconds(now))) + ")"
                + " OR (attribute_type(" + e + ", " + x.value("S") + ") AND " + e + " >= " + x.value(ItemCodec.iso(now)) + "))";
        return UpdateItemRequest.builder().tableName(t.name).key(key)
                .updateExpression(set).conditionExpression(condition)
                .expressionAttributeNames(x.names()).expressionAttributeValues(x.values())
                .returnValues(ReturnValue.ALL_NEW).build();
    }

    Optional<AdapterSession> delete(String sessionToken) {
        if (!usable(sessionToken)) {
            return Optional.empty();
        }
        Optional<String> own = SessionTokens.owner(sessionToken);
        String owner = own.orElseGet(() -> owners.get(sessionToken));
        Optional<Map<String, AttributeValue>> deleted = Optional.empty();
        if (owner != null && Table.usableUserId(owner)) {
            deleted = t.deleteReturningOld(t.codec.keyOf(Keys.user(owner), Keys.session(sessionToken)));
        }
        if (deleted.isEmpty() && own.isEmpty()) {
            // no owner known, or nothing under the remembered one: the index
            deleted = fromIndex(sessionToken).flatMap(item -> t.deleteReturningOld(t.keyOf(item)));
        }
        owners.forget(sessionToken);
        return deleted.flatMap(old -> Optional.ofNullable(t.codec.decodeSession(old)).filter(this::isLive));
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

    /** The stored item of a token, expired or not: by key when its owner is known, else through the index. */
    private Optional<Map<String, AttributeValue>> findItem(String sessionToken) {
        if (!usable(sessionToken)) {
            return Optional.empty();
        }
        Optional<String> own = SessionTokens.owner(sessionToken);
        String owner = own.orElseGet(() -> owners.get(sessionToken));
        if (owner != null && Table.usableUserId(owner)) {
            Optional<Map<String, AttributeValue>> item = t.getItem(Keys.user(owner), Keys.session(sessionToken));
            if (item.isPresent() || own.isPresent()) {
                return item;
            }
            forgetGone(sessionToken);
        }
        return fromIndex(sessionToken);
    }

    /**
     * Nothing under a remembered owner: the session is gone (or, were a token ever reused, belongs to someone else
     * now). The owner is forgotten and the caller asks the index.
     */
    private void forgetGone(String sessionToken) {
        owners.forget(sessionToken);
    }

    /** The token's item through the (eventually consistent) index; its owner is remembered. */
    private Optional<Map<String, AttributeValue>> fromIndex(String sessionToken) {
        Optional<Map<String, AttributeValue>> item = t.findByIndex(Keys.session(sessionToken), "sessionToken", sessionToken);
        item.ifPresent(found -> rememberOwner(t, owners, sessionToken, found));
        return item;
    }

    /** Remembers the owner of a token found through the index: the user of the item's partition (sync and async). */
    static void rememberOwner(Table t, SessionOwners owners, String sessionToken, Map<String, AttributeValue> found) {
        String partition = ItemCodec.stringAttribute(found, t.options.partitionKey());
        if (partition != null && partition.startsWith(Keys.USER)) {
            owners.remember(sessionToken, partition.substring(Keys.USER.length()));
        }
    }

    static boolean usable(String sessionToken) {
        return Keys.usableAsSort(sessionToken, Keys.session(sessionToken));
    }
}
