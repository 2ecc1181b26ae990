package dev.dynauth;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The Auth.js DynamoDB adapter: writes and reads exactly the items of {@code @auth/dynamodb-adapter},
 * without its defects.
 *
 * <pre>{@code
 * DynamoDbAdapter adapter = DynamoDbAdapter.builder()
 *     .client(dynamoDbClient)
 *     .options(TableOptions.defaults())
 *     .build();
 * }</pre>
 *
 * <p>Uniqueness of emails and provider accounts is enforced by DynamoDB itself: each claim is a small
 * item ({@code UNIQUE#EMAIL#<email>}, {@code UNIQUE#ACCOUNT#<provider>#<providerAccountId>}) written
 * in the same transaction as the user or account, in partitions the npm adapter never reads. A claim
 * whose owner is gone (for example because the npm adapter deleted the user) is taken over, so it
 * never blocks an email for good.
 *
 * <p>Thread-safe; holds no state besides its configuration, so any number of instances in any number
 * of JVMs may share one table.
 */
public final class DynamoDbAdapter implements Adapter {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbAdapter.class);
    private static final int MAX_TRANSACTION_ATTEMPTS = 10;

    private final DynamoDbClient client;
    private final TableOptions options;
    private final Clock clock;
    private final boolean consistentReads;
    private final ItemCodec codec;
    private final BatchDeleter deleter;
    private final String table;

    private DynamoDbAdapter(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.options = b.options;
        this.clock = b.clock;
        this.consistentReads = b.consistentReads;
        this.codec = new ItemCodec(options);
        this.table = options.tableName();
        this.deleter = new BatchDeleter(client, table, b.batchAttempts, 50, Thread::sleep);
    }

    /** The table and key names in use. */
    public TableOptions options() {
        return options;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- users ---------------------------------------------------------------------------------

    @Override
    public AdapterUser createUser(AdapterUser input) {
        Objects.requireNonNull(input, "user");
        AdapterUser user = input.id() == null ? input.withId(UUID.randomUUID().toString()) : input;
        requireUserId(user.id());
        Map<String, AttributeValue> item = codec.encodeUser(user);
        Put put = putIfAbsent(item);
        Supplier<RuntimeException> idTaken = () -> new ConflictException("a user with id " + user.id() + " exists already");
        if (user.email() == null) {
            putNew(put, idTaken);
            return user;
        }
        String email = requireEmail(user.email());
        rejectEmailOfOtherUser(email, user.id());
        transactWithClaim(emailClaim(email, user.id()), List.of(TransactWriteItem.builder().put(put).build()),
                i -> idTaken.get(), () -> new EmailAlreadyInUseException(email));
        return user;
    }

    @Override
    public Optional<AdapterUser> getUser(String id) {
        if (!usableUserId(id)) {
            return Optional.empty();
        }
        return getItem(Keys.user(id), Keys.user(id)).map(codec::decodeUser);
    }

    @Override
    public Optional<AdapterUser> getUserByEmail(String email) {
        if (!Keys.usableAsSort(email, Keys.userEmail(email))) {
            return Optional.empty();
        }
        return queryIndex(Keys.userEmail(email), Keys.userEmail(email)).stream()
                .filter(item -> Keys.TYPE_USER.equals(ItemCodec.stringAttribute(item, ItemCodec.TYPE)))
                // The index is eventually consistent: an item it still shows under an email the user no longer has is not a match.
                .filter(item -> email.equals(ItemCodec.stringAttribute(item, "email")))
                .findFirst()
                .map(codec::decodeUser);
    }

    @Override
    public Optional<AdapterUser> getUserByAccount(String provider, String providerAccountId) {
        return findAccountItems(provider, providerAccountId).stream()
                .map(item -> ItemCodec.stringAttribute(item, "userId"))
                .filter(Objects::nonNull)
                .findFirst()
                .flatMap(this::getUser);
    }

    @Override
    public AdapterUser updateUser(UserUpdate update) {
        Objects.requireNonNull(update, "update");
        String id = update.id();
        Supplier<NotFoundException> missing = () -> new NotFoundException("no user with id " + id);
        if (!usableUserId(id)) {
            throw missing.get();
        }
        update.changes().keySet().forEach(name -> codec.checkName(name, options.reservedAttributes()));
        if (update.changes().isEmpty()) {
            return getUser(id).orElseThrow(missing);
        }
        if (update.sets("email")) {
            Map<String, AttributeValue> current = getItem(Keys.user(id), Keys.user(id)).orElseThrow(missing);
            String oldEmail = ItemCodec.stringAttribute(current, "email");
            String newEmail = (String) update.changes().get("email");
            if (!Objects.equals(oldEmail, newEmail)) {
                return changeEmail(update, oldEmail, newEmail, missing);
            }
        }
        Expr x = new Expr();
        String set = setClause(x, update.changes());
        String condition = "attribute_exists(" + x.name(options.partitionKey()) + ")";
        try {
            UpdateItemResponse r = client.updateItem(b -> b.tableName(table).key(codec.keyOf(Keys.user(id), Keys.user(id)))
                    .updateExpression(set).conditionExpression(condition)
                    .expressionAttributeNames(x.names()).expressionAttributeValues(x.values())
                    .returnValues(ReturnValue.ALL_NEW));
            return codec.decodeUser(r.attributes());
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
        StringBuilder expression = new StringBuilder(setClause(x, update.changes()));
        if (newEmail != null) {
            String indexKey = x.value(Keys.userEmail(newEmail));
            expression.append(", ").append(x.name(options.indexPartitionKey())).append(" = ").append(indexKey)
                    .append(", ").append(x.name(options.indexSortKey())).append(" = ").append(indexKey);
        } else {
            expression.append(" REMOVE ").append(x.name(options.indexPartitionKey())).append(", ")
                    .append(x.name(options.indexSortKey()));
        }
        String email = x.name("email");
        // Guards against a concurrent email change: the claim bookkeeping below assumes the old email.
        String condition = "attribute_exists(" + x.name(options.partitionKey()) + ") AND "
                + (oldEmail == null
                    ? "(attribute_not_exists(" + email + ") OR attribute_type(" + email + ", " + x.value("NULL") + "))"
                    : email + " = " + x.value(oldEmail));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(codec.keyOf(Keys.user(id), Keys.user(id))).updateExpression(expression.toString())
                .conditionExpression(condition).expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values()).build()).build());
        if (oldEmail != null && Keys.usableAsSort(oldEmail, Keys.uniqueEmail(oldEmail))) {
            writes.add(TransactWriteItem.builder().delete(releaseClaim(Keys.uniqueEmail(oldEmail), id)).build());
        }
        IntFunction<RuntimeException> failed = i -> getItem(Keys.user(id), Keys.user(id)).isPresent()
                ? new ConflictException("user " + id + " was changed concurrently; retry")
                : missing.get();
        if (newEmail != null) {
            transactWithClaim(emailClaim(newEmail, id), writes, failed, () -> new EmailAlreadyInUseException(newEmail));
        } else {
            transact(writes, failed);
        }
        return getUser(id).orElseThrow(missing);
    }

    @Override
    public Optional<AdapterUser> deleteUser(String userId) {
        if (!usableUserId(userId)) {
            return Optional.empty();
        }
        String partition = Keys.user(userId);
        List<Map<String, AttributeValue>> items = queryPartition(partition, null);
        Map<String, AttributeValue> userItem = null;
        List<Map<String, AttributeValue>> others = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            if (partition.equals(ItemCodec.stringAttribute(item, options.sortKey()))) {
                userItem = item;
            } else {
                others.add(keyOf(item));
            }
        }
        // The user item goes last: if anything fails midway the user is still there and a retry finishes the job.
        deleter.delete(others);
        for (Map<String, AttributeValue> item : items) {
            String sort = ItemCodec.stringAttribute(item, options.sortKey());
            String provider = ItemCodec.stringAttribute(item, "provider");
            String providerAccountId = ItemCodec.stringAttribute(item, "providerAccountId");
            if (sort != null && sort.startsWith(Keys.ACCOUNT) && provider != null && providerAccountId != null) {
                releaseClaimNow(Keys.uniqueAccount(provider, providerAccountId), userId);
            }
        }
        if (userItem == null) {
            return Optional.empty();
        }
        String email = ItemCodec.stringAttribute(userItem, "email");
        if (email != null) {
            releaseClaimNow(Keys.uniqueEmail(email), userId);
        }
        client.deleteItem(b -> b.tableName(table).key(codec.keyOf(partition, partition)));
        LOG.debug("deleted user with {} related items", others.size());
        return Optional.of(codec.decodeUser(userItem));
    }

    // ---- accounts ------------------------------------------------------------------------------

    @Override
    public AdapterAccount linkAccount(AdapterAccount input) {
        Objects.requireNonNull(input, "account");
        AdapterAccount account = input.id() == null ? input.withId(UUID.randomUUID().toString()) : input;
        String provider = account.provider();
        String providerAccountId = account.providerAccountId();
        requireUserId(account.userId());
        Keys.require(provider, Keys.accountSort(provider, providerAccountId), Keys.MAX_SORT_KEY_BYTES, "provider and providerAccountId");
        Keys.require(providerAccountId, Keys.uniqueAccount(provider, providerAccountId), Keys.MAX_SORT_KEY_BYTES, "providerAccountId");
        if (!findAccountItems(provider, providerAccountId).isEmpty()) {
            throw new AccountAlreadyLinkedException(provider, providerAccountId);
        }
        Map<String, AttributeValue> item = codec.encodeAccount(account);
        Expr x = new Expr();
        TransactWriteItem userExists = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(codec.keyOf(Keys.user(account.userId()), Keys.user(account.userId())))
                .conditionExpression("attribute_exists(" + x.name(options.partitionKey()) + ")")
                .expressionAttributeNames(x.names()).build()).build();
        TransactWriteItem put = TransactWriteItem.builder().put(putIfAbsent(item)).build();
        transactWithClaim(accountClaim(provider, providerAccountId, account.userId()), List.of(userExists, put),
                i -> i == 0 ? new NotFoundException("no user with id " + account.userId())
                        : new AccountAlreadyLinkedException(provider, providerAccountId),
                () -> new AccountAlreadyLinkedException(provider, providerAccountId));
        return account;
    }

    @Override
    public Optional<AdapterAccount> unlinkAccount(String provider, String providerAccountId) {
        AdapterAccount first = null;
        for (Map<String, AttributeValue> item : findAccountItems(provider, providerAccountId)) {
            DeleteItemResponse r = client.deleteItem(b -> b.tableName(table).key(keyOf(item)).returnValues(ReturnValue.ALL_OLD));
            String owner = ItemCodec.stringAttribute(item, "userId");
            if (owner != null) {
                releaseClaimNow(Keys.uniqueAccount(provider, providerAccountId), owner);
            }
            if (first == null && r.hasAttributes() && !r.attributes().isEmpty()) {
                first = codec.decodeAccount(r.attributes());
            }
        }
        return Optional.ofNullable(first);
    }

    @Override
    public Optional<AdapterAccount> getAccount(String providerAccountId, String provider) {
        return findAccountItems(provider, providerAccountId).stream().findFirst().map(codec::decodeAccount);
    }

    /** The user's linked accounts (not part of Auth.js's adapter API; for account pages and OAuth2 token storage). */
    public List<AdapterAccount> listAccounts(String userId) {
        if (!usableUserId(userId)) {
            return List.of();
        }
        return queryPartition(Keys.user(userId), Keys.ACCOUNT).stream().map(codec::decodeAccount).collect(Collectors.toList());
    }

    /**
     * Stores new token fields for a linked account, for example after a refresh: each token field is
     * set, or removed when {@code null}; custom attributes are set. The link itself (owner, provider,
     * provider account id, id, type) does not change.
     *
     * @throws NotFoundException when the user has no such account
     */
    public AdapterAccount updateAccount(AdapterAccount account) {
        Objects.requireNonNull(account, "account");
        String sort = Keys.accountSort(account.provider(), account.providerAccountId());
        Supplier<NotFoundException> missing = () -> new NotFoundException("user " + account.userId() + " has no "
                + account.provider() + " account " + account.providerAccountId());
        if (!usableUserId(account.userId()) || !Keys.usableAsSort(account.providerAccountId(), sort)) {
            throw missing.get();
        }
        Map<String, Object> tokens = new java.util.LinkedHashMap<>();
        tokens.put("access_token", account.accessToken());
        tokens.put("refresh_token", account.refreshToken());
        tokens.put("id_token", account.idToken());
        tokens.put("token_type", account.tokenType());
        tokens.put("scope", account.scope());
        tokens.put("session_state", account.sessionState());
        tokens.put("expires_at", account.expiresAt());
        Map<String, Object> set = new java.util.LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        tokens.forEach((name, value) -> {
            if (value == null) {
                remove.add(name);
            } else {
                set.put(name, value);
            }
        });
        account.attributes().keySet().forEach(name -> codec.checkName(name, options.reservedAttributes()));
        set.putAll(account.attributes());
        Expr x = new Expr();
        StringBuilder expression = new StringBuilder(set.isEmpty() ? "" : setClause(x, set));
        if (!remove.isEmpty()) {
            expression.append(" REMOVE ").append(remove.stream().map(x::name).collect(Collectors.joining(", ")));
        }
        String condition = "attribute_exists(" + x.name(options.partitionKey()) + ")";
        try {
            UpdateItemResponse r = client.updateItem(b -> b.tableName(table).key(codec.keyOf(Keys.user(account.userId()), sort))
                    .updateExpression(expression.toString().trim()).conditionExpression(condition)
                    .expressionAttributeNames(x.names()).expressionAttributeValues(x.values())
                    .returnValues(ReturnValue.ALL_NEW));
            return codec.decodeAccount(r.attributes());
        } catch (ConditionalCheckFailedException e) {
            throw missing.get();
        }
    }

    private List<Map<String, AttributeValue>> findAccountItems(String provider, String providerAccountId) {
        if (!Keys.usableAsPartition(provider, Keys.accountIndexPartition(provider))
                || !Keys.usableAsSort(providerAccountId, Keys.accountIndexSort(providerAccountId))) {
            return List.of();
        }
        return queryIndex(Keys.accountIndexPartition(provider), Keys.accountIndexSort(providerAccountId)).stream()
                .filter(item -> provider.equals(ItemCodec.stringAttribute(item, "provider"))
                        && providerAccountId.equals(ItemCodec.stringAttribute(item, "providerAccountId")))
                .collect(Collectors.toList());
    }

    // ---- sessions ------------------------------------------------------------------------------

    @Override
    public AdapterSession createSession(AdapterSession session) {
        Objects.requireNonNull(session, "session");
        requireUserId(session.userId());
        Keys.require(session.sessionToken(), Keys.session(session.sessionToken()), Keys.MAX_SORT_KEY_BYTES, "session token");
        putNew(putIfAbsent(codec.encodeSession(session)), () -> new ConflictException("a session with this token exists already"));
        return session;
    }

    @Override
    public Optional<SessionAndUser> getSessionAndUser(String sessionToken) {
        return findSessionItem(sessionToken)
                .map(codec::decodeSession)
                .filter(this::isLive)
                .flatMap(session -> getUser(session.userId()).map(user -> new SessionAndUser(session, user)));
    }

    @Override
    public Optional<AdapterSession> updateSession(SessionUpdate update) {
        Objects.requireNonNull(update, "update");
        update.attributes().keySet().forEach(name -> codec.checkName(name, options.reservedAttributes()));
        Optional<Map<String, AttributeValue>> found = findSessionItem(update.sessionToken());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> changes = new java.util.LinkedHashMap<>(update.attributes());
        if (update.expires() != null) {
            changes.put(ItemCodec.EXPIRES, update.expires());
        }
        if (changes.isEmpty()) {
            return found.map(codec::decodeSession).filter(this::isLive);
        }
        Expr x = new Expr();
        String set = setClause(x, changes);
        Instant now = clock.instant();
        String e = x.name(ItemCodec.EXPIRES);
        // Only a live session may be extended: a stale cookie must not bring an expired session back.
        String condition = "attribute_exists(" + x.name(options.partitionKey()) + ") AND ("
                + "(attribute_type(" + e + ", " + x.value("N") + ") AND " + e + " >= " + x.value(AttributeValue.fromN(ItemCodec.epochSeconds(now))) + ")"
                + " OR (attribute_type(" + e + ", " + x.value("S") + ") AND " + e + " >= " + x.value(ItemCodec.iso(now)) + "))";
        try {
            UpdateItemResponse r = client.updateItem(b -> b.tableName(table).key(keyOf(found.get()))
                    .updateExpression(set).conditionExpression(condition)
                    .expressionAttributeNames(x.names()).expressionAttributeValues(x.values())
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.ofNullable(codec.decodeSession(r.attributes()));
        } catch (ConditionalCheckFailedException gone) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<AdapterSession> deleteSession(String sessionToken) {
        return findSessionItem(sessionToken).flatMap(item -> {
            DeleteItemResponse r = client.deleteItem(b -> b.tableName(table).key(keyOf(item)).returnValues(ReturnValue.ALL_OLD));
            return r.hasAttributes() && !r.attributes().isEmpty()
                    ? Optional.ofNullable(codec.decodeSession(r.attributes())).filter(this::isLive)
                    : Optional.empty();
        });
    }

    /**
     * The user's live sessions (not part of Auth.js's adapter API; for account pages and admin tools).
     */
    public List<AdapterSession> listSessions(String userId) {
        if (!usableUserId(userId)) {
            return List.of();
        }
        return queryPartition(Keys.user(userId), Keys.SESSION).stream()
                .map(codec::decodeSession)
                .filter(this::isLive)
                .collect(Collectors.toList());
    }

    /**
     * Every stored session of the user, expired ones included until DynamoDB's TTL removes them (not part of
     * Auth.js's adapter API; for admin tools). {@link #isLive} tells the live ones from the others; items
     * that are not readable as a session (no token, user or expiry) are left out.
     */
    public List<AdapterSession> listAllSessions(String userId) {
        if (!usableUserId(userId)) {
            return List.of();
        }
        return queryPartition(Keys.user(userId), Keys.SESSION).stream()
                .map(codec::decodeSession)
                .filter(Objects::nonNull)
                .collect(Collectors.toList());
    }

    /**
     * The stored session of a token, expired or not (not part of Auth.js's adapter API; for admin tools, e.g.
     * to revoke a session by its token). Request paths use {@link #getSessionAndUser}, which sees live sessions only.
     */
    public Optional<AdapterSession> findSession(String sessionToken) {
        return findSessionItem(sessionToken).map(codec::decodeSession);
    }

    /**
     * Whether a session is live by this adapter's clock: the expiry rule every session read of this adapter
     * follows (a session whose expiry lies before now has expired).
     */
    public boolean isLive(AdapterSession session) {
        return session != null && !Expiry.expired(session.expires(), clock.instant());
    }

    /**
     * Counts the items of the user's partition by kind (not part of Auth.js's adapter API; for admin tools).
     * A session that cannot be read counts as expired. {@link UserItemCounts#NONE} when the partition is empty.
     */
    public UserItemCounts countUserItems(String userId) {
        if (!usableUserId(userId)) {
            return UserItemCounts.NONE;
        }
        int items = 0;
        int accounts = 0;
        int authenticators = 0;
        int sessions = 0;
        int live = 0;
        for (Map<String, AttributeValue> item : queryPartition(Keys.user(userId), null)) {
            items++;
            String sort = ItemCodec.stringAttribute(item, options.sortKey());
            if (sort == null) {
                continue;
            }
            if (sort.startsWith(Keys.ACCOUNT)) {
                accounts++;
            } else if (sort.startsWith(Keys.AUTHENTICATOR)) {
                authenticators++;
            } else if (sort.startsWith(Keys.SESSION)) {
                sessions++;
                if (isLive(codec.decodeSession(item))) {
                    live++;
                }
            }
        }
        return new UserItemCounts(items, accounts, authenticators, sessions, live);
    }

    /** Deletes every session of the user, expired ones included ("sign out everywhere"); returns how many. */
    public int deleteSessions(String userId) {
        if (!usableUserId(userId)) {
            return 0;
        }
        List<Map<String, AttributeValue>> keys = queryPartition(Keys.user(userId), Keys.SESSION).stream()
                .map(this::keyOf).collect(Collectors.toList());
        deleter.delete(keys);
        return keys.size();
    }

    /** Every user in the table, read lazily page by page (a Scan: for admin tools, not request paths). */
    public Stream<AdapterUser> scanUsers() {
        Expr x = new Expr();
        String filter = x.name(ItemCodec.TYPE) + " = " + x.value(Keys.TYPE_USER);
        return client.scanPaginator(b -> b.tableName(table).filterExpression(filter)
                        .expressionAttributeNames(x.names()).expressionAttributeValues(x.values()))
                .items().stream()
                .filter(item -> {
                    String p = ItemCodec.stringAttribute(item, options.partitionKey());
                    return p != null && p.equals(ItemCodec.stringAttribute(item, options.sortKey()));
                })
                .map(codec::decodeUser);
    }

    private Optional<Map<String, AttributeValue>> findSessionItem(String sessionToken) {
        if (!Keys.usableAsSort(sessionToken, Keys.session(sessionToken))) {
            return Optional.empty();
        }
        String key = Keys.session(sessionToken);
        return queryIndex(key, key).stream()
                .filter(item -> sessionToken.equals(ItemCodec.stringAttribute(item, "sessionToken")))
                .findFirst();
    }

    // ---- verification tokens -------------------------------------------------------------------

    @Override
    public VerificationToken createVerificationToken(VerificationToken token) {
        Objects.requireNonNull(token, "token");
        Keys.require(token.identifier(), Keys.vt(token.identifier()), Keys.MAX_PARTITION_KEY_BYTES, "identifier");
        Keys.require(token.token(), Keys.vt(token.token()), Keys.MAX_SORT_KEY_BYTES, "token");
        Map<String, AttributeValue> item = codec.encodeVerificationToken(token);
        client.putItem(b -> b.tableName(table).item(item));
        return token;
    }

    @Override
    public Optional<VerificationToken> useVerificationToken(String identifier, String token) {
        if (!Keys.usableAsPartition(identifier, Keys.vt(identifier)) || !Keys.usableAsSort(token, Keys.vt(token))) {
            return Optional.empty();
        }
        // A conditional delete: of any number of concurrent callers exactly one passes the condition and gets
        // the item (DynamoDB Local does not serialise unconditional deletes that return ALL_OLD).
        Expr x = new Expr();
        String condition = "attribute_exists(" + x.name(options.partitionKey()) + ")";
        DeleteItemResponse r;
        try {
            r = client.deleteItem(b -> b.tableName(table).key(codec.keyOf(Keys.vt(identifier), Keys.vt(token)))
                    .conditionExpression(condition).expressionAttributeNames(x.names()).returnValues(ReturnValue.ALL_OLD));
        } catch (ConditionalCheckFailedException usedOrUnknown) {
            return Optional.empty();
        }
        if (!r.hasAttributes() || r.attributes().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(codec.decodeVerificationToken(r.attributes()))
                .filter(t -> !Expiry.expired(t.expires(), clock.instant()));
    }

    // ---- authenticators ------------------------------------------------------------------------

    @Override
    public AdapterAuthenticator createAuthenticator(AdapterAuthenticator authenticator) {
        Objects.requireNonNull(authenticator, "authenticator");
        requireUserId(authenticator.userId());
        String credentialID = authenticator.credentialID();
        Keys.require(credentialID, Keys.authenticator(credentialID), Keys.MAX_SORT_KEY_BYTES, "credentialID");
        Supplier<RuntimeException> exists = () -> new ConflictException("a passkey with this credential id exists already");
        if (findAuthenticatorItem(credentialID).isPresent()) {
            throw exists.get();
        }
        putNew(putIfAbsent(codec.encodeAuthenticator(authenticator)), exists);
        return authenticator;
    }

    @Override
    public Optional<AdapterAuthenticator> getAuthenticator(String credentialID) {
        return findAuthenticatorItem(credentialID).map(codec::decodeAuthenticator);
    }

    @Override
    public List<AdapterAuthenticator> listAuthenticatorsByUserId(String userId) {
        if (!usableUserId(userId)) {
            return List.of();
        }
        return queryPartition(Keys.user(userId), Keys.AUTHENTICATOR).stream()
                .map(codec::decodeAuthenticator).collect(Collectors.toList());
    }

    @Override
    public AdapterAuthenticator updateAuthenticatorCounter(String credentialID, long newCounter) {
        if (newCounter < 0) {
            throw new IllegalArgumentException("counter must not be negative");
        }
        Supplier<NotFoundException> missing = () -> new NotFoundException("no passkey with credential id " + credentialID);
        Map<String, AttributeValue> item = findAuthenticatorItem(credentialID).orElseThrow(missing);
        Expr x = new Expr();
        String set = "SET " + x.name("counter") + " = " + x.value(AttributeValue.fromN(Long.toString(newCounter)));
        String condition = "attribute_exists(" + x.name(options.partitionKey()) + ")";
        try {
            UpdateItemResponse r = client.updateItem(b -> b.tableName(table).key(keyOf(item)).updateExpression(set)
                    .conditionExpression(condition).expressionAttributeNames(x.names())
                    .expressionAttributeValues(x.values()).returnValues(ReturnValue.ALL_NEW));
            return codec.decodeAuthenticator(r.attributes());
        } catch (ConditionalCheckFailedException e) {
            throw missing.get();
        }
    }

    /**
     * Deletes a passkey (Auth.js has no such method; its WebAuthn account is a separate
     * {@link #unlinkAccount}); returns what was deleted.
     */
    public Optional<AdapterAuthenticator> deleteAuthenticator(String credentialID) {
        return findAuthenticatorItem(credentialID).flatMap(item -> {
            DeleteItemResponse r = client.deleteItem(b -> b.tableName(table).key(keyOf(item)).returnValues(ReturnValue.ALL_OLD));
            return r.hasAttributes() && !r.attributes().isEmpty()
                    ? Optional.of(codec.decodeAuthenticator(r.attributes())) : Optional.empty();
        });
    }

    private Optional<Map<String, AttributeValue>> findAuthenticatorItem(String credentialID) {
        if (!Keys.usableAsSort(credentialID, Keys.authenticator(credentialID))) {
            return Optional.empty();
        }
        String key = Keys.authenticator(credentialID);
        return queryIndex(key, key).stream()
                .filter(item -> credentialID.equals(ItemCodec.stringAttribute(item, "credentialID")))
                .findFirst();
    }

    // ---- uniqueness claims ---------------------------------------------------------------------

    /**
     * A uniqueness claim: an item keyed by the unique value, naming its owner. {@code stale} reads
     * whether the owner let go (deleted, or changed behind our back by a writer that knows nothing of
     * claims); {@code staleCheck} asserts the same inside the transaction that takes the claim over.
     */
    private record Claim(String key, String userId, java.util.function.Predicate<String> stale,
                         java.util.function.Function<String, TransactWriteItem> staleCheck) {}

    private Claim emailClaim(String email, String userId) {
        return new Claim(Keys.uniqueEmail(email), userId,
                owner -> getItem(Keys.user(owner), Keys.user(owner))
                        .map(u -> !email.equals(ItemCodec.stringAttribute(u, "email"))).orElse(true),
                owner -> {
                    Expr x = new Expr();
                    String e = x.name("email");
                    return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                            .key(codec.keyOf(Keys.user(owner), Keys.user(owner)))
                            .conditionExpression("attribute_not_exists(" + x.name(options.partitionKey()) + ") OR attribute_not_exists("
                                    + e + ") OR " + e + " <> " + x.value(email))
                            .expressionAttributeNames(x.names()).expressionAttributeValues(x.values()).build()).build();
                });
    }

    private Claim accountClaim(String provider, String providerAccountId, String userId) {
        String sort = Keys.accountSort(provider, providerAccountId);
        return new Claim(Keys.uniqueAccount(provider, providerAccountId), userId,
                owner -> getItem(Keys.user(owner), sort).isEmpty(),
                owner -> {
                    Expr x = new Expr();
                    return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                            .key(codec.keyOf(Keys.user(owner), sort))
                            .conditionExpression("attribute_not_exists(" + x.name(options.partitionKey()) + ")")
                            .expressionAttributeNames(x.names()).build()).build();
                });
    }

    /**
     * Runs {@code writes} in one transaction with the claim. A claim held by a live owner means
     * {@code taken}; a stale one is taken over, conditioned on its owner still being the stale one.
     */
    private void transactWithClaim(Claim claim, List<TransactWriteItem> writes,
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
                client.transactWriteItems(b -> b.transactItems(items));
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
                for (int i = offset; i < reasons.size(); i++) {
                    if (failed(reasons.get(i))) {
                        throw writeFailed.apply(i - offset);
                    }
                }
                if (attempt >= MAX_TRANSACTION_ATTEMPTS) {
                    throw taken.get();
                }
                Optional<String> owner = getItem(claim.key(), claim.key()).map(m -> ItemCodec.stringAttribute(m, "userId"));
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

    private void transact(List<TransactWriteItem> writes, IntFunction<RuntimeException> writeFailed) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                for (int i = 0; i < reasons.size(); i++) {
                    if (failed(reasons.get(i))) {
                        throw writeFailed.apply(i);
                    }
                }
                if (attempt >= MAX_TRANSACTION_ATTEMPTS) {
                    throw new AdapterException("the write kept conflicting with concurrent writes; retry", e);
                }
                pause(attempt);
            }
        }
    }

    private Put claimPut(Claim claim, String expectedOwner) {
        Map<String, AttributeValue> item = codec.keyOf(claim.key(), claim.key());
        item.put(ItemCodec.TYPE, AttributeValue.fromS(Keys.TYPE_UNIQUE));
        item.put("userId", AttributeValue.fromS(claim.userId()));
        Expr x = new Expr();
        String condition = expectedOwner == null
                ? "attribute_not_exists(" + x.name(options.partitionKey()) + ")"
                : x.name("userId") + " = " + x.value(expectedOwner);
        return Put.builder().tableName(table).item(item).conditionExpression(condition)
                .expressionAttributeNames(x.names()).expressionAttributeValues(x.values()).build();
    }

    /** Deletes a claim only if this user still owns it (someone may have taken it over). */
    private Delete releaseClaim(String key, String userId) {
        Expr x = new Expr();
        return Delete.builder().tableName(table).key(codec.keyOf(key, key))
                .conditionExpression("attribute_not_exists(" + x.name(options.partitionKey()) + ") OR "
                        + x.name("userId") + " = " + x.value(userId))
                .expressionAttributeNames(x.names()).expressionAttributeValues(x.values()).build();
    }

    private void releaseClaimNow(String key, String userId) {
        if (!Keys.usableAsSort(key, key)) {
            return;
        }
        Delete d = releaseClaim(key, userId);
        try {
            client.deleteItem(b -> b.tableName(table).key(d.key()).conditionExpression(d.conditionExpression())
                    .expressionAttributeNames(d.expressionAttributeNames())
                    .expressionAttributeValues(d.expressionAttributeValues()));
        } catch (ConditionalCheckFailedException takenOver) {
            LOG.debug("a uniqueness claim had already passed to another user");
        }
    }

    /** Users written by the npm adapter have no claim: the index is the only way to see them. */
    private void rejectEmailOfOtherUser(String email, String userId) {
        getUserByEmail(email).filter(u -> !u.id().equals(userId)).ifPresent(u -> {
            throw new EmailAlreadyInUseException(email);
        });
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

    // ---- plumbing ------------------------------------------------------------------------------

    private String setClause(Expr x, Map<String, Object> changes) {
        StringBuilder set = new StringBuilder("SET ");
        boolean first = true;
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            if (!first) {
                set.append(", ");
            }
            first = false;
            set.append(x.name(e.getKey())).append(" = ").append(x.value(ItemCodec.encode(e.getKey(), e.getValue(), true)));
        }
        return set.toString();
    }

    private Put putIfAbsent(Map<String, AttributeValue> item) {
        Expr x = new Expr();
        return Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(" + x.name(options.partitionKey()) + ")")
                .expressionAttributeNames(x.names()).build();
    }

    private void putNew(Put put, Supplier<RuntimeException> exists) {
        try {
            client.putItem(b -> b.tableName(table).item(put.item()).conditionExpression(put.conditionExpression())
                    .expressionAttributeNames(put.expressionAttributeNames()));
        } catch (ConditionalCheckFailedException e) {
            throw exists.get();
        }
    }

    private Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return Map.of(options.partitionKey(), item.get(options.partitionKey()), options.sortKey(), item.get(options.sortKey()));
    }

    private Optional<Map<String, AttributeValue>> getItem(String partition, String sort) {
        var r = client.getItem(b -> b.tableName(table).key(codec.keyOf(partition, sort)).consistentRead(consistentReads));
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(r.item()) : Optional.empty();
    }

    private List<Map<String, AttributeValue>> queryIndex(String partition, String sort) {
        Expr x = new Expr();
        String condition = x.name(options.indexPartitionKey()) + " = " + x.value(partition) + " AND "
                + x.name(options.indexSortKey()) + " = " + x.value(sort);
        return query(QueryRequest.builder().tableName(table).indexName(options.indexName())
                .keyConditionExpression(condition).expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values()).build());
    }

    private List<Map<String, AttributeValue>> queryPartition(String partition, String sortPrefix) {
        Expr x = new Expr();
        String condition = x.name(options.partitionKey()) + " = " + x.value(partition)
                + (sortPrefix == null ? "" : " AND begins_with(" + x.name(options.sortKey()) + ", " + x.value(sortPrefix) + ")");
        return query(QueryRequest.builder().tableName(table).keyConditionExpression(condition)
                .expressionAttributeNames(x.names()).expressionAttributeValues(x.values())
                .consistentRead(consistentReads).build());
    }

    private List<Map<String, AttributeValue>> query(QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        QueryRequest next = request;
        while (true) {
            QueryResponse r = client.query(next);
            items.addAll(r.items());
            if (!r.hasLastEvaluatedKey() || r.lastEvaluatedKey().isEmpty()) {
                return items;
            }
            next = next.toBuilder().exclusiveStartKey(r.lastEvaluatedKey()).build();
        }
    }

    private static boolean usableUserId(String id) {
        return Keys.usableAsSort(id, Keys.user(id));
    }

    private static void requireUserId(String id) {
        Keys.require(id, Keys.user(id), Keys.MAX_SORT_KEY_BYTES, "user id");
    }

    private static String requireEmail(String email) {
        Keys.require(email, Keys.uniqueEmail(email), Keys.MAX_SORT_KEY_BYTES, "email");
        return email;
    }

    /** Builds a {@link DynamoDbAdapter}. */
    public static final class Builder {
        private DynamoDbClient client;
        private TableOptions options = TableOptions.defaults();
        private Clock clock = Clock.systemUTC();
        private boolean consistentReads = true;
        private int batchAttempts = 8;

        private Builder() {}

        /** The client to use; required. The adapter never closes it. */
        public Builder client(DynamoDbClient client) { this.client = client; return this; }
        /** Table and key names; the npm adapter's defaults when not set. */
        public Builder options(TableOptions options) { this.options = Objects.requireNonNull(options); return this; }
        /** The clock that decides what has expired. */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }
        /** Strongly consistent reads of the base table (default true); index queries are always eventually consistent. */
        public Builder consistentReads(boolean consistentReads) { this.consistentReads = consistentReads; return this; }
        /** How many times a throttled batch delete is sent before giving up (default 8). */
        public Builder batchAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
            this.batchAttempts = attempts;
            return this;
        }

        public DynamoDbAdapter build() { return new DynamoDbAdapter(this); }
    }
}
