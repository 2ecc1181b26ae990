package dev.dynauth;

import java.util.List;
import java.util.Optional;

/**
 * Every method of an Auth.js adapter, with the same names and semantics, in Java terms:
 * {@link Optional} where Auth.js returns {@code null}, {@link java.time.Instant} for dates.
 *
 * <p>Contract shared by all implementations (checked by {@code dynauth-testkit}):
 * <ul>
 *   <li>Expired sessions and verification tokens are never returned.</li>
 *   <li>Unknown, empty or over-long ids and tokens give an empty result, never an exception.</li>
 *   <li>Updates never create what does not exist.</li>
 *   <li>One user per email and one user per provider account.</li>
 * </ul>
 */
public interface Adapter {

    /**
     * Creates a user. Keeps the given id, or generates a UUID when it is {@code null}.
     *
     * @throws EmailAlreadyInUseException when another user has the email
     * @throws ConflictException          when a user with the id exists
     */
    AdapterUser createUser(AdapterUser user);

    Optional<AdapterUser> getUser(String id);

    Optional<AdapterUser> getUserByEmail(String email);

    /** The user who linked the given provider account. */
    Optional<AdapterUser> getUserByAccount(String provider, String providerAccountId);

    /**
     * Changes the fields the update sets and returns the whole user.
     *
     * @throws NotFoundException          when there is no such user
     * @throws EmailAlreadyInUseException when the new email belongs to another user
     */
    AdapterUser updateUser(UserUpdate update);

    /** Deletes the user with all its sessions, accounts and authenticators; returns what was deleted. */
    Optional<AdapterUser> deleteUser(String userId);

    /**
     * Links an account to an existing user; returns it with its id.
     *
     * @throws AccountAlreadyLinkedException when the provider account is linked already
     * @throws NotFoundException             when the user does not exist
     */
    AdapterAccount linkAccount(AdapterAccount account);

    /** Removes the link; returns the account that was removed. */
    Optional<AdapterAccount> unlinkAccount(String provider, String providerAccountId);

    AdapterSession createSession(AdapterSession session);

    /** The session and its user, unless the token is unknown, the session expired or the user is gone. */
    Optional<SessionAndUser> getSessionAndUser(String sessionToken);

    /** Applies the update to a live session; empty when there is none (unknown or expired). */
    Optional<AdapterSession> updateSession(SessionUpdate update);

    /** Deletes the session; returns it unless it had already expired. */
    Optional<AdapterSession> deleteSession(String sessionToken);

    VerificationToken createVerificationToken(VerificationToken token);

    /**
     * Consumes a verification token: it is deleted whatever happens, and returned only once and only
     * when it has not expired.
     */
    Optional<VerificationToken> useVerificationToken(String identifier, String token);

    /** The account, when both the provider and the provider account id match (Auth.js's argument order). */
    Optional<AdapterAccount> getAccount(String providerAccountId, String provider);

    AdapterAuthenticator createAuthenticator(AdapterAuthenticator authenticator);

    Optional<AdapterAuthenticator> getAuthenticator(String credentialID);

    /** The user's authenticators, an empty list for an unknown user. */
    List<AdapterAuthenticator> listAuthenticatorsByUserId(String userId);

    /**
     * Stores a new signature counter.
     *
     * @throws NotFoundException when there is no such credential
     */
    AdapterAuthenticator updateAuthenticatorCounter(String credentialID, long newCounter);
}
