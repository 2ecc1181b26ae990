package dev.dynauth;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Auth.js DynamoDB adapter: writes and reads exactly the items of {@code @auth/dynamodb-adapter}.
 *
 * <pre>{@code
 * Adapter adapter = DynamoDbAdapter.builder()
 *     .client(dynamoDbClient)
 *     .options(TableOptions.defaults())
 *     .build();
 * }</pre>
 *
 * Thread-safe; holds no state besides its configuration, so any number of instances in any number
 * of JVMs may share one table.
 */
public final class DynamoDbAdapter implements Adapter {

    private final DynamoDbClient client;
    private final TableOptions options;
    private final Clock clock;

    private DynamoDbAdapter(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.options = b.options;
        this.clock = b.clock;
    }

    public TableOptions options() { return options; }

    public static Builder builder() { return new Builder(); }

    @Override public AdapterUser createUser(AdapterUser user) { throw new UnsupportedOperationException(); }
    @Override public Optional<AdapterUser> getUser(String id) { throw new UnsupportedOperationException(); }
    @Override public Optional<AdapterUser> getUserByEmail(String email) { throw new UnsupportedOperationException(); }
    @Override public Optional<AdapterUser> getUserByAccount(String provider, String providerAccountId) { throw new UnsupportedOperationException(); }
    @Override public AdapterUser updateUser(UserUpdate update) { throw new UnsupportedOperationException(); }
    @Override public Optional<AdapterUser> deleteUser(String userId) { throw new UnsupportedOperationException(); }
    @Override public AdapterAccount linkAccount(AdapterAccount account) { throw new UnsupportedOperationException(); }
    @Override public Optional<AdapterAccount> unlinkAccount(String provider, String providerAccountId) { throw new UnsupportedOperationException(); }
    @Override public AdapterSession createSession(AdapterSession session) { throw new UnsupportedOperationException(); }
    @Override public Optional<SessionAndUser> getSessionAndUser(String sessionToken) { throw new UnsupportedOperationException(); }
    @Override public Optional<AdapterSession> updateSession(SessionUpdate update) { throw new UnsupportedOperationException(); }
    @Override public Optional<AdapterSession> deleteSession(String sessionToken) { throw new UnsupportedOperationException(); }
    @Override public VerificationToken createVerificationToken(VerificationToken token) { throw new UnsupportedOperationException(); }
    @Override public Optional<VerificationToken> useVerificationToken(String identifier, String token) { throw new UnsupportedOperationException(); }
    @Override public Optional<AdapterAccount> getAccount(String providerAccountId, String provider) { throw new UnsupportedOperationException(); }
    @Override public AdapterAuthenticator createAuthenticator(AdapterAuthenticator authenticator) { throw new UnsupportedOperationException(); }
    @Override public Optional<AdapterAuthenticator> getAuthenticator(String credentialID) { throw new UnsupportedOperationException(); }
    @Override public List<AdapterAuthenticator> listAuthenticatorsByUserId(String userId) { throw new UnsupportedOperationException(); }
    @Override public AdapterAuthenticator updateAuthenticatorCounter(String credentialID, long newCounter) { throw new UnsupportedOperationException(); }

    /** Builds a {@link DynamoDbAdapter}. */
    public static final class Builder {
        private DynamoDbClient client;
        private TableOptions options = TableOptions.defaults();
        private Clock clock = Clock.systemUTC();
        private boolean consistentReads = true;

        private Builder() {}

        /** The client to use; required. The adapter never closes it. */
        public Builder client(DynamoDbClient client) { this.client = client; return this; }
        /** Table and key names; the npm adapter's defaults when not set. */
        public Builder options(TableOptions options) { this.options = Objects.requireNonNull(options); return this; }
        /** The clock that decides what has expired. */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }
        /** Strongly consistent reads of the base table (default true); index queries are always eventually consistent. */
        public Builder consistentReads(boolean consistentReads) { this.consistentReads = consistentReads; return this; }

        public DynamoDbAdapter build() { return new DynamoDbAdapter(this); }
    }
}
