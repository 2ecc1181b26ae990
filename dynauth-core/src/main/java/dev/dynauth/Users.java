package dev.dynauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Users: the {@code USER#<id>} item heading each user's partition, found by email through the index, its
 * email guarded by its {@link Claims email claim}; and the partition as a whole (deleting, counting).
 */
final class Users {

    // Logs under the adapter's name, as before the adapter was split, so existing log configuration still applies.
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbAdapter.class);

    private final Table t;
    private final Claims claims;
    private final Sessions sessions;

    Users(Table table, Claims claims, Sessions sessions) {
        this.t = table;
        this.claims = claims;
        this.sessions = sessions;
    }

    AdapterUser create(AdapterUser input) {
        Objects.requireNonNull(input, "user");
        AdapterUser user = input.id() == null ? input.withId(UUID.randomUUID().toString()) : input;
        Table.requireUserId(user.id());
        Map<String, AttributeValue> item = t.codec.encodeUser(user);
        Put put = t.putIfAbsent(item);
        Supplier<RuntimeException> idTaken = () -> new ConflictException("a user with id " + user.id() + " exists already");
        if (user.email() == null) {
            t.putNew(put, idTaken);
            return user;
        }
        String email = requireEmail(user.email());
        rejectEmailOfOtherUser(email, user.id());
        claims.transactWithClaim(claims.email(email, user.id()), List.of(TransactWriteItem.builder().put(put).build()),
                i -> idTaken.get(), () -> new EmailAlreadyInUseException(email));
        return user;
    }

    Optional<AdapterUser> get(String id) {
        if (!Table.usableUserId(id)) {
            return Optional.empty();
        }
        return t.getItem(Keys.user(id), Keys.user(id)).map(t.codec::decodeUser);
    }

    Optional<AdapterUser> getByEmail(String email) {
        if (!Keys.usableAsSort(email, Keys.userEmail(email))) {
            return Optional.empty();
        }
        return t.queryIndex(Keys.userEmail(email), Keys.userEmail(email)).stream()
                .filter(item -> Keys.TYPE_USER.equals(ItemCodec.stringAttribute(item, ItemCodec.TYPE)))
                // The index is eventually consistent: an item it still shows under an email the user no longer has is not a match.
                .filter(item -> email.equals(ItemCodec.stringAttribute(item, "email")))
                .findFirst()
                .map(t.codec::decodeUser);
    }

    AdapterUser update(UserUpdate update) {
        Objects.requireNonNull(update, "update");
        String id = update.id();
        Supplier<NotFoundException> missing = () -> new NotFoundException("no user with id " + id);
        if (!Table.usableUserId(id)) {
            throw missing.get();
        }
        t.checkNames(update.changes().keySet());
        if (update.changes().isEmpty()) {
            return get(id).orElseThrow(missing);
        }
        if (update.sets("email")) {
            Map<String, AttributeValue> current = t.getItem(Keys.user(id), Keys.user(id)).orElseThrow(missing);
            String oldEmail = ItemCodec.stringAttribute(current, "email");
            String newEmail = (String) update.changes().get("email");
            if (!Objects.equals(oldEmail, newEmail)) {
                return changeEmail(update, oldEmail, newEmail, missing);
            }
        }
        Expr x = new Expr();
        String set = t.setClause(x, update.changes());
        String condition = "attribute_exists(" + x.name(t.options.partitionKey()) + ")";
        try {
            UpdateItemResponse r = t.client.updateItem(b -> b.tableName(t.name).key(t.codec.keyOf(Keys.user(id), Keys.user(id)))
                    .updateExpression(set).conditionExpression(condition)
                    .expressionAttributeNames(x.names()).expressionAttributeValues(x.values())
                    .returnValues(ReturnValue.ALL_NEW));
            return t.codec.decodeUser(r.attributes());
        } catch (ConditionalCheckFailedException e) {
            throw missing.get();
        }
    }

    private AdapterUser changeEmail(UserUpdate update, String oldEmail, String newEmail, Supplier<NotFoundException> missing) {
        String id = update.id();
        if (newEmail != null) {
            requireEmail(newEmail);
            rejectEmailOfOtherUser(newEmail, id);
        }
        Expr x = new Expr();
        StringBuilder expression = new StringBuilder(t.setClause(x, update.changes()));
        if (newEmail != null) {
            String indexKey = x.value(Keys.userEmail(newEmail));
            expression.append(", ").append(x.name(t.options.indexPartitionKey())).append(" = ").append(indexKey)
                    .append(", ").append(x.name(t.options.indexSortKey())).append(" = ").append(indexKey);
        } else {
            expression.append(" REMOVE ").append(x.name(t.options.indexPartitionKey())).append(", ")
                    .append(x.name(t.options.indexSortKey()));
        }
        String email = x.name("email");
        // Guards against a concurrent email change: the claim bookkeeping below assumes the old email.
        String condition = "attribute_exists(" + x.name(t.options.partitionKey()) + ") AND "
                + (oldEmail == null
                    ? "(attribute_not_exists(" + email + ") OR attribute_type(" + email + ", " + x.value("NULL") + "))"
                    : email + " = " + x.value(oldEmail));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(t.name)
                .key(t.codec.keyOf(Keys.user(id), Keys.user(id))).updateExpression(expression.toString())
                .conditionExpression(condition).expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build());
        // The user already carries the new email: the SDK retried this transaction after a lost response.
        Predicate<Map<String, AttributeValue>> applied = item -> Objects.equals(newEmail, ItemCodec.stringAttribute(item, "email"));
        if (oldEmail != null && Keys.usableAsSort(oldEmail, Keys.uniqueEmail(oldEmail))) {
            writes.add(TransactWriteItem.builder().delete(claims.release(Keys.uniqueEmail(oldEmail), id)).build());
        }
        IntFunction<RuntimeException> failed = i -> t.getItem(Keys.user(id), Keys.user(id)).isPresent()
                ? new ConflictException("user " + id + " was changed concurrently; retry")
                : missing.get();
        if (newEmail != null) {
            claims.transactWithClaim(claims.email(newEmail, id), writes, applied, failed, () -> new EmailAlreadyInUseException(newEmail));
        } else {
            claims.transact(writes, applied, failed);
        }
        return get(id).orElseThrow(missing);
    }

    Optional<AdapterUser> delete(String userId) {
        if (!Table.usableUserId(userId)) {
            return Optional.empty();
        }
        String partition = Keys.user(userId);
        Map<String, AttributeValue> userItem = sweep(userId, t.queryPartition(partition, null));
        if (userItem == null) {
            return Optional.empty();
        }
        String email = ItemCodec.stringAttribute(userItem, "email");
        if (email != null) {
            claims.releaseNow(Keys.uniqueEmail(email), userId);
        }
        t.client.deleteItem(b -> b.tableName(t.name).key(t.codec.keyOf(partition, partition)));
        // A session, account or passkey whose writer checked the user before it went (createSession, linkAccount and
        // createAuthenticator do) but which this query missed is caught by a second sweep: no orphan survives.
        sweep(userId, t.queryPartition(partition, null));
        LOG.debug("deleted a user and its related items");
        return Optional.of(t.codec.decodeUser(userItem));
    }

    /**
     * Deletes every item of the partition except the user item, releasing the claims of its accounts; the user item
     * stays (it goes last, so if anything fails midway the user is still there and a retry finishes the job). Returns it.
     */
    private Map<String, AttributeValue> sweep(String userId, List<Map<String, AttributeValue>> items) {
        String partition = Keys.user(userId);
        Map<String, AttributeValue> userItem = null;
        List<Map<String, AttributeValue>> others = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            if (partition.equals(ItemCodec.stringAttribute(item, t.options.sortKey()))) {
                userItem = item;
            } else {
                others.add(t.keyOf(item));
            }
        }
        // Claims first: if anything fails midway, a retry still finds the accounts whose claims it has to release
        // (releasing after the delete left a stale claim behind whenever the release failed).
        for (Map<String, AttributeValue> item : items) {
            String sort = ItemCodec.stringAttribute(item, t.options.sortKey());
            String provider = ItemCodec.stringAttribute(item, "provider");
            String providerAccountId = ItemCodec.stringAttribute(item, "providerAccountId");
            if (sort != null && sort.startsWith(Keys.ACCOUNT) && provider != null && providerAccountId != null) {
                claims.releaseNow(Keys.uniqueAccount(provider, providerAccountId), userId);
            }
        }
        t.deleter.delete(others);
        return userItem;
    }

    /** A session that cannot be read counts as expired. */
    UserItemCounts countItems(String userId) {
        if (!Table.usableUserId(userId)) {
            return UserItemCounts.NONE;
        }
        int items = 0;
        int accounts = 0;
        int authenticators = 0;
        int sessionCount = 0;
        int live = 0;
        for (Map<String, AttributeValue> item : t.queryPartition(Keys.user(userId), null)) {
            items++;
            String sort = ItemCodec.stringAttribute(item, t.options.sortKey());
            if (sort == null) {
                continue;
            }
            if (sort.startsWith(Keys.ACCOUNT)) {
                accounts++;
            } else if (sort.startsWith(Keys.AUTHENTICATOR)) {
                authenticators++;
            } else if (sort.startsWith(Keys.SESSION)) {
                sessionCount++;
                if (sessions.isLive(t.codec.decodeSession(item))) {
                    live++;
                }
            }
        }
        return new UserItemCounts(items, accounts, authenticators, sessionCount, live);
    }

    /** A Scan, read lazily page by page: for admin tools, not request paths. */
    Stream<AdapterUser> scan() {
        Expr x = new Expr();
        String filter = x.name(ItemCodec.TYPE) + " = " + x.value(Keys.TYPE_USER);
        return t.client.scanPaginator(b -> b.tableName(t.name).filterExpression(filter)
                        .expressionAttributeNames(x.names()).expressionAttributeValues(x.values()))
                .items().stream()
                .filter(item -> {
                    String p = ItemCodec.stringAttribute(item, t.options.partitionKey());
                    return p != null && p.equals(ItemCodec.stringAttribute(item, t.options.sortKey()));
                })
                .map(t.codec::decodeUser);
    }

    /** Users written by the npm adapter have no claim: the index is the only way to see them. */
    private void rejectEmailOfOtherUser(String email, String userId) {
        getByEmail(email).filter(u -> !u.id().equals(userId)).ifPresent(u -> {
            throw new EmailAlreadyInUseException(email);
        });
    }

    private static String requireEmail(String email) {
        Keys.require(email, Keys.uniqueEmail(email), Keys.MAX_SORT_KEY_BYTES, "email");
        return email;
    }
}
