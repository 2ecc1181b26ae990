package dev.dynauth;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The session reads of a request path without blocking a thread, over a {@link DynamoDbAsyncClient}: what a reactive
 * (WebFlux) server asks on every signed-in request. The same items, keys, codec and expiry rule as
 * {@link DynamoDbAdapter} (they are its package's classes): a token whose owner is known (a {@link SessionTokens
 * self-locating} token, or an Auth.js UUID seen once) costs one strongly consistent {@code BatchGetItem} of session and
 * user; other tokens one index query and one read, after which the owner is remembered (a bounded map like the
 * adapter's). Unprocessed keys are sent again after a delay scheduled on {@link CompletableFuture#delayedExecutor}, never
 * a sleeping thread. Transient failures complete the futures with {@link RetryableException}, as the adapter throws it.
 *
 * <p>The session lifecycle is here too, with the adapter's rules: {@link #createSession} (a conditional put that never
 * replaces a session, undone when its user was deleted meanwhile) and {@link #deleteSession}. Other writes (users,
 * accounts, tokens) stay with the {@link Adapter}.
 */
public final class DynamoDbAsyncSessions {

    private final DynamoDbAsyncClient client;
    private final Table t;
    private final SessionOwners owners;

    private DynamoDbAsyncSessions(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.t = new Table(null, b.options, b.clock, true, b.batchAttempts);
        this.owners = new SessionOwners(b.sessionOwnerCacheSize);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Auth.js's {@code getSessionAndUser}: the live session of a token with its user; empty for anything else. */
    public CompletableFuture<Optional<SessionAndUser>> getSessionAndUser(String sessionToken) {
        if (!Sessions.usable(sessionToken)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<String> own = SessionTokens.owner(sessionToken);
        String owner = own.orElseGet(() -> owners.get(sessionToken));
        if (owner == null || !Table.usableUserId(owner)) {
            return fromIndex(sessionToken);
        }
        Map<String, AttributeValue> sessionKey = t.codec.keyOf(Keys.user(owner), Keys.session(sessionToken));
        Map<String, AttributeValue> userKey = t.codec.keyOf(Keys.user(owner), Keys.user(owner));
        return batchGet(List.of(sessionKey, userKey), new HashMap<>(), 1, 2).thenCompose(items -> {
            Map<String, AttributeValue> session = items.get(sessionKey);
            if (session == null && own.isEmpty()) {
                owners.forget(sessionToken); // gone under the remembered owner: ask the index
                return fromIndex(sessionToken);
            }
            return CompletableFuture.completedFuture(live(session).flatMap(s -> Optional.ofNullable(items.get(userKey))
                    .map(t.codec::decodeUser).map(user -> new SessionAndUser(s, user))));
        });
    }

    /**
     * Auth.js's {@code updateSession} for a live session (the sliding expiry): one conditional {@code UpdateItem} by key
     * when the owner is known, which never creates or revives a session; empty when there is no live session.
     */
    public CompletableFuture<Optional<AdapterSession>> updateSession(SessionUpdate update) {
        Map<String, Object> changes = Sessions.changes(t, update);
        String token = update.sessionToken();
        if (!Sessions.usable(token) || changes.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String owner = SessionTokens.owner(token).orElseGet(() -> owners.get(token));
        CompletableFuture<Optional<Map<String, AttributeValue>>> key = owner != null && Table.usableUserId(owner)
                ? CompletableFuture.completedFuture(Optional.of(t.codec.keyOf(Keys.user(owner), Keys.session(token))))
                : indexItem(token).thenApply(item -> item.map(t::keyOf));
        return key.thenCompose(k -> k.isEmpty() ? CompletableFuture.completedFuture(Optional.<AdapterSession>empty())
                : call(client.updateItem(Sessions.updateLiveRequest(t, k.get(), changes)))
                        .thenApply(r -> Optional.ofNullable(t.codec.decodeSession(r.attributes())))
                        .exceptionally(e -> {
                            if (unwrap(e) instanceof ConditionalCheckFailedException) {
                                return Optional.empty(); // expired or signed out since it was read
                            }
                            throw e instanceof CompletionException c ? c : new CompletionException(e);
                        }));
    }

    /**
     * Auth.js's {@code createSession}, as {@link DynamoDbAdapter#createSession}: the item in the user's partition by a
     * conditional put ({@link ConflictException} when the token is taken; a retried put that finds its own item is a
     * success), then the user read again: when the user was deleted meanwhile the session is deleted and the future
     * fails with {@link NotFoundException} (no orphan). Bad input fails the future as the adapter throws.
     */
    public CompletableFuture<AdapterSession> createSession(AdapterSession session) {
        Map<String, AttributeValue> item;
        try {
            item = Sessions.newItem(t, session);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        var put = t.putIfAbsent(item);
        String userId = session.userId();
        return call(client.putItem(t.putNewRequest(put))).<Void>handle((r, e) -> {
            if (e != null && !(unwrap(e) instanceof ConditionalCheckFailedException refused && Table.ownPut(put, refused))) {
                throw unwrap(e) instanceof ConditionalCheckFailedException ? new CompletionException(Sessions.taken())
                        : e instanceof CompletionException c ? c : new CompletionException(e);
            }
            return null;
        }).thenCompose(x -> getUser(userId)).thenCompose(user -> {
            if (user.isPresent()) {
                owners.remember(session.sessionToken(), userId);
                return CompletableFuture.completedFuture(session);
            }
            // the user was deleted meanwhile: undo the write, as the adapter does
            return call(client.deleteItem(t.deleteReturningOldRequest(t.keyOf(item)))).<AdapterSession>thenApply(r -> {
                throw new CompletionException(Table.userGone(userId));
            });
        });
    }

    /**
     * Auth.js's {@code deleteSession}, as {@link DynamoDbAdapter#deleteSession}: by key when the owner is known (else
     * through the index); the deleted session when it was live, empty otherwise.
     */
    public CompletableFuture<Optional<AdapterSession>> deleteSession(String sessionToken) {
        if (!Sessions.usable(sessionToken)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<String> own = SessionTokens.owner(sessionToken);
        String owner = own.orElseGet(() -> owners.get(sessionToken));
        CompletableFuture<Optional<Map<String, AttributeValue>>> byKey = owner != null && Table.usableUserId(owner)
                ? deleteReturningOld(t.codec.keyOf(Keys.user(owner), Keys.session(sessionToken)))
                : CompletableFuture.completedFuture(Optional.empty());
        return byKey.thenCompose(deleted -> deleted.isPresent() || own.isPresent()
                        ? CompletableFuture.completedFuture(deleted)
                        // no owner known, or nothing under the remembered one: the index
                        : indexItem(sessionToken).thenCompose(item -> item.isEmpty()
                                ? CompletableFuture.completedFuture(Optional.<Map<String, AttributeValue>>empty())
                                : deleteReturningOld(t.keyOf(item.get()))))
                .thenApply(deleted -> {
                    owners.forget(sessionToken);
                    return deleted.flatMap(this::live);
                });
    }

    private CompletableFuture<Optional<Map<String, AttributeValue>>> deleteReturningOld(Map<String, AttributeValue> key) {
        return call(client.deleteItem(t.deleteReturningOldRequest(key))).thenApply(Table::old);
    }

    /** Auth.js's {@code getUser}: one strongly consistent read of the user item. */
    public CompletableFuture<Optional<AdapterUser>> getUser(String id) {
        if (!Table.usableUserId(id)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return call(client.getItem(t.getRequest(Keys.user(id), Keys.user(id))))
                .thenApply(r -> r.hasItem() && !r.item().isEmpty() ? Optional.ofNullable(t.codec.decodeUser(r.item())) : Optional.empty());
    }

    /** Counters of the owners remembered for tokens that do not carry theirs. */
    public SessionOwnerCacheStats sessionOwnerCacheStats() {
        return owners.stats();
    }

    private CompletableFuture<Optional<SessionAndUser>> fromIndex(String sessionToken) {
        return indexItem(sessionToken).thenCompose(item -> {
            Optional<AdapterSession> session = live(item.orElse(null));
            if (session.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            String userId = session.get().userId();
            return call(client.getItem(t.getRequest(Keys.user(userId), Keys.user(userId)))).thenApply(r ->
                    r.hasItem() && !r.item().isEmpty()
                            ? Optional.of(new SessionAndUser(session.get(), t.codec.decodeUser(r.item())))
                            : Optional.empty());
        });
    }

    /** The token's item through the (eventually consistent) index; its owner is remembered. */
    private CompletableFuture<Optional<Map<String, AttributeValue>>> indexItem(String sessionToken) {
        String key = Keys.session(sessionToken);
        return call(client.query(t.indexQuery(key, key))).thenApply(r -> {
            Optional<Map<String, AttributeValue>> item = Table.match(r.items(), "sessionToken", sessionToken);
            item.ifPresent(found -> Sessions.rememberOwner(t, owners, sessionToken, found));
            return item;
        });
    }

    private Optional<AdapterSession> live(Map<String, AttributeValue> item) {
        return Optional.ofNullable(item).map(t.codec::decodeSession).filter(s -> s != null && !t.expired(s.expires()));
    }

    private CompletableFuture<Map<Map<String, AttributeValue>, Map<String, AttributeValue>>> batchGet(
            List<Map<String, AttributeValue>> pending, Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found,
            int attempt, int asked) {
        return call(client.batchGetItem(t.batchGetRequest(pending))).thenCompose(r -> {
            List<Map<String, AttributeValue>> left = t.collect(r, found);
            if (left.isEmpty()) {
                return CompletableFuture.completedFuture(found);
            }
            long pause = t.backoffBeforeBatchAttempt(attempt, left.size(), asked);
            // the pause is a timer, not a sleeping thread
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
                    .thenCompose(x -> batchGet(left, found, attempt + 1, asked));
        });
    }

    /** The SDK's future, with transient failures typed as {@link RetryableException} as the adapter throws them. */
    private static <T> CompletableFuture<T> call(CompletableFuture<T> sdk) {
        return sdk.handle((value, failure) -> {
            if (failure == null) {
                return value;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof SdkException s && TransientFailures.retryable(s)) {
                throw new RetryableException("DynamoDB did not complete the request (" + s.getClass().getSimpleName()
                        + "); the outcome is unknown and the call may be retried", s);
            }
            throw failure instanceof CompletionException c ? c : new CompletionException(cause);
        });
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Builds a {@link DynamoDbAsyncSessions}. */
    public static final class Builder {
        private DynamoDbAsyncClient client;
        private TableOptions options = TableOptions.defaults();
        private Clock clock = Clock.systemUTC();
        private int batchAttempts = 8;
        private int sessionOwnerCacheSize = DynamoDbAdapter.Builder.DEFAULT_SESSION_OWNER_CACHE_SIZE;

        private Builder() {}

        /** The client to use; required. Never closed here. */
        public Builder client(DynamoDbAsyncClient client) { this.client = client; return this; }
        /** Table and key names; the npm adapter's defaults when not set. */
        public Builder options(TableOptions options) { this.options = Objects.requireNonNull(options); return this; }
        /** The clock that decides what has expired. */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }
        /** How many times unprocessed (throttled) keys of a read are sent (default 8). */
        public Builder batchAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
            this.batchAttempts = attempts;
            return this;
        }
        /** As {@link DynamoDbAdapter.Builder#sessionOwnerCacheSize}: owners remembered for Auth.js's UUID tokens (0: off). */
        public Builder sessionOwnerCacheSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative");
            }
            this.sessionOwnerCacheSize = size;
            return this;
        }

        public DynamoDbAsyncSessions build() { return new DynamoDbAsyncSessions(this); }
    }
}
