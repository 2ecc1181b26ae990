package dev.dynauth;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What account pages and admin tools need beyond Auth.js's {@link Adapter} API: listing and ending a user's
 * sessions, listing and updating linked accounts, removing a passkey, counting and scanning users.
 *
 * <p>{@link DynamoDbAdapter} implements it, and so does whatever wraps the adapter an application runs with (the
 * Spring starter's metered adapter), so one adapter object serves both APIs and nothing builds a second one over
 * the same table: {@link #of(Adapter)} gives the store of an adapter.
 */
public interface DynauthStore {

    /** The user's live sessions. */
    List<AdapterSession> listSessions(String userId);

    /** Every stored session of the user, expired ones included until DynamoDB's TTL removes them. */
    List<AdapterSession> listAllSessions(String userId);

    /** The stored session of a token, expired or not (to revoke a session by its token). */
    Optional<AdapterSession> findSession(String sessionToken);

    /** Whether a session is live by the store's clock (its expiry lies after now). */
    boolean isLive(AdapterSession session);

    /** Deletes every session of the user, expired ones included ("sign out everywhere"); returns how many. */
    int deleteSessions(String userId);

    /** The user's linked accounts. */
    List<AdapterAccount> listAccounts(String userId);

    /**
     * Stores new token fields for a linked account (e.g. after a refresh); the link itself does not change.
     *
     * @throws NotFoundException when the user has no such account
     */
    AdapterAccount updateAccount(AdapterAccount account);

    /** Deletes a passkey (its WebAuthn account is a separate {@link Adapter#unlinkAccount}); returns what was deleted. */
    Optional<AdapterAuthenticator> deleteAuthenticator(String credentialID);

    /** Counts the items of the user's partition by kind. */
    UserItemCounts countUserItems(String userId);

    /** Every user in the table, read lazily page by page (a Scan: for admin tools, not request paths). */
    Stream<AdapterUser> scanUsers();

    /**
     * The store behind an adapter: the adapter itself when it implements this interface.
     *
     * @throws IllegalArgumentException when it does not (an application's own {@link Adapter} that is not a
     *                                  {@link DynamoDbAdapter} nor wraps one as a {@code DynauthStore})
     */
    static DynauthStore of(Adapter adapter) {
        if (adapter instanceof DynauthStore store) {
            return store;
        }
        throw new IllegalArgumentException("the Adapter " + adapter.getClass().getName() + " does not implement "
                + "dev.dynauth.DynauthStore, which account pages and passkeys need (listSessions, updateAccount, "
                + "deleteAuthenticator, ...): implement it beside Adapter, or delegate to a DynamoDbAdapter");
    }
}
