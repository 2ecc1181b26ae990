package dev.dynauth;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
 * <p>Thread-safe. Besides its configuration it holds only a bounded map of session token to owner for tokens
 * that do not carry it ({@link Builder#sessionOwnerCacheSize}): a fact that never changes, so any number of
 * instances in any number of JVMs may share one table. Sessions issued with {@link SessionTokens} carry their owner
 * and are read by key without it.
 *
 * <p>This class only delegates: each kind of item has its own package-private class ({@link Users},
 * {@link Accounts}, {@link Sessions}, {@link VerificationTokens}, {@link Authenticators}), the uniqueness
 * claims and their transactions live in {@link Claims}, and the table access they share in {@link Table}.
 */
public final class DynamoDbAdapter implements Adapter, DynauthStore {

    private final TableOptions options;
    private final Users users;
    private final Accounts accounts;
    private final Sessions sessions;
    private final SessionOwners sessionOwners;
    private final VerificationTokens verificationTokens;
    private final Authenticators authenticators;

    private DynamoDbAdapter(Builder b) {
        Table table = new Table(Objects.requireNonNull(b.client, "client"), b.options, b.clock, b.consistentReads, b.batchAttempts);
        Claims claims = new Claims(table);
        this.options = b.options;
        this.sessionOwners = new SessionOwners(b.sessionOwnerCacheSize);
        this.sessions = new Sessions(table, sessionOwners);
        this.users = new Users(table, claims, sessions);
        this.accounts = new Accounts(table, claims);
        this.verificationTokens = new VerificationTokens(table);
        this.authenticators = new Authenticators(table);
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
    public AdapterUser createUser(AdapterUser user) {
        return users.create(user);
    }

    @Override
    public Optional<AdapterUser> getUser(String id) {
        return users.get(id);
    }

    @Override
    public Optional<AdapterUser> getUserByEmail(String email) {
        return users.getByEmail(email);
    }

    @Override
    public Optional<AdapterUser> getUserByAccount(String provider, String providerAccountId) {
        return accounts.ownerId(provider, providerAccountId).flatMap(users::get);
    }

    @Override
    public AdapterUser updateUser(UserUpdate update) {
        return users.update(update);
    }

    @Override
    public Optional<AdapterUser> deleteUser(String userId) {
        return users.delete(userId);
    }

    /**
     * Counts the items of the user's partition by kind (not part of Auth.js's adapter API; for admin tools).
     * A session that cannot be read counts as expired. {@link UserItemCounts#NONE} when the partition is empty.
     */
    public UserItemCounts countUserItems(String userId) {
        return users.countItems(userId);
    }

    /** Every user in the table, read lazily page by page (a Scan: for admin tools, not request paths). */
    public Stream<AdapterUser> scanUsers() {
        return users.scan();
    }

    // ---- accounts ------------------------------------------------------------------------------

    @Override
    public AdapterAccount linkAccount(AdapterAccount account) {
        return accounts.link(account);
    }

    @Override
    public Optional<AdapterAccount> unlinkAccount(String provider, String providerAccountId) {
        return accounts.unlink(provider, providerAccountId);
    }

    @Override
    public Optional<AdapterAccount> getAccount(String providerAccountId, String provider) {
        return accounts.get(providerAccountId, provider);
    }

    /** The user's linked accounts (not part of Auth.js's adapter API; for account pages and OAuth2 token storage). */
    public List<AdapterAccount> listAccounts(String userId) {
        return accounts.list(userId);
    }

    /**
     * Stores new token fields for a linked account, for example after a refresh: each token field is
     * set, or removed when {@code null}; custom attributes are set. The link itself (owner, provider,
     * provider account id, id, type) does not change.
     *
     * @throws NotFoundException when the user has no such account
     */
    public AdapterAccount updateAccount(AdapterAccount account) {
        return accounts.update(account);
    }

    // ---- sessions ------------------------------------------------------------------------------

    @Override
    public AdapterSession createSession(AdapterSession session) {
        return sessions.create(session);
    }

    @Override
    public Optional<SessionAndUser> getSessionAndUser(String sessionToken) {
        return sessions.findLiveWithUser(sessionToken);
    }

    @Override
    public Optional<AdapterSession> updateSession(SessionUpdate update) {
        return sessions.update(update);
    }

    @Override
    public Optional<AdapterSession> deleteSession(String sessionToken) {
        return sessions.delete(sessionToken);
    }

    /**
     * The user's live sessions (not part of Auth.js's adapter API; for account pages and admin tools).
     */
    public List<AdapterSession> listSessions(String userId) {
        return sessions.listLive(userId);
    }

    /**
     * Every stored session of the user, expired ones included until DynamoDB's TTL removes them (not part of
     * Auth.js's adapter API; for admin tools). {@link #isLive} tells the live ones from the others; items
     * that are not readable as a session (no token, user or expiry) are left out.
     */
    public List<AdapterSession> listAllSessions(String userId) {
        return sessions.listAll(userId);
    }

    /**
     * The stored session of a token, expired or not (not part of Auth.js's adapter API; for admin tools, e.g.
     * to revoke a session by its token). Request paths use {@link #getSessionAndUser}, which sees live sessions only.
     */
    public Optional<AdapterSession> findSession(String sessionToken) {
        return sessions.find(sessionToken);
    }

    /**
     * Whether a session is live by this adapter's clock: the expiry rule every session read of this adapter
     * follows (a session whose expiry lies before now has expired).
     */
    public boolean isLive(AdapterSession session) {
        return sessions.isLive(session);
    }

    /**
     * Counters of the map that remembers the owners of session tokens which do not carry it (see
     * {@link Builder#sessionOwnerCacheSize}), for metrics.
     */
    public SessionOwnerCacheStats sessionOwnerCacheStats() {
        return sessionOwners.stats();
    }

    /** Deletes every session of the user, expired ones included ("sign out everywhere"); returns how many. */
    public int deleteSessions(String userId) {
        return sessions.deleteAll(userId);
    }

    // ---- verification tokens -------------------------------------------------------------------

    @Override
    public VerificationToken createVerificationToken(VerificationToken token) {
        return verificationTokens.create(token);
    }

    @Override
    public Optional<VerificationToken> useVerificationToken(String identifier, String token) {
        return verificationTokens.use(identifier, token);
    }

    // ---- authenticators ------------------------------------------------------------------------

    @Override
    public AdapterAuthenticator createAuthenticator(AdapterAuthenticator authenticator) {
        return authenticators.create(authenticator);
    }

    @Override
    public Optional<AdapterAuthenticator> getAuthenticator(String credentialID) {
        return authenticators.get(credentialID);
    }

    @Override
    public List<AdapterAuthenticator> listAuthenticatorsByUserId(String userId) {
        return authenticators.listByUserId(userId);
    }

    @Override
    public AdapterAuthenticator updateAuthenticatorCounter(String credentialID, long newCounter) {
        return authenticators.updateCounter(credentialID, newCounter);
    }

    /**
     * Deletes a passkey (Auth.js has no such method; its WebAuthn account is a separate
     * {@link #unlinkAccount}); returns what was deleted.
     */
    public Optional<AdapterAuthenticator> deleteAuthenticator(String credentialID) {
        return authenticators.delete(credentialID);
    }

    /** Builds a {@link DynamoDbAdapter}. */
    public static final class Builder {
        /** Default of {@link #sessionOwnerCacheSize}. */
        public static final int DEFAULT_SESSION_OWNER_CACHE_SIZE = 10_000;
        private DynamoDbClient client;
        private TableOptions options = TableOptions.defaults();
        private Clock clock = Clock.systemUTC();
        private boolean consistentReads = true;
        private int batchAttempts = 8;
        private int sessionOwnerCacheSize = DEFAULT_SESSION_OWNER_CACHE_SIZE;

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

        /**
         * How many session tokens' owners are remembered (default {@value #DEFAULT_SESSION_OWNER_CACHE_SIZE}, about
         * 200 bytes each; 0 turns it off). Only for tokens that do not carry their owner (Auth.js's UUIDs): from the
         * second request of such a token on, its session and user are read in one {@code BatchGetItem} instead of an
         * index query and a read. A token's owner never changes, so nothing remembered goes stale; the session itself
         * is read from the table every time. Least recently used tokens are dropped first.
         */
        public Builder sessionOwnerCacheSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative");
            }
            this.sessionOwnerCacheSize = size;
            return this;
        }

        public DynamoDbAdapter build() { return new DynamoDbAdapter(this); }
    }
}
