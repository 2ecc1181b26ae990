package dev.dynauth.spring.session;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.SessionAndUser;
import dev.dynauth.SessionUpdate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Resolves sessions with the adapter as Auth.js core does: {@code getSessionAndUser}; a session whose
 * {@code expires - maxAge + updateAge <= now} is extended to {@code now + maxAge} with one
 * {@code updateSession}.
 *
 * <p>Expiry is the adapter's alone: {@code getSessionAndUser} never returns an expired session and
 * {@code updateSession} never extends one (its write is conditional on the session being live), so an
 * expired session resolves like an unknown token ({@link SessionResolution.State#INVALID}: the cookie is
 * cleared). Where Auth.js core deletes an expired session it finds, the adapter does not hand it out and the
 * table's TTL on {@code expires} removes the item, so no delete is needed (nor a write per stale cookie).
 */
final class AdapterSessionResolver implements SessionResolver {

    /** Longest token looked up; Auth.js tokens are UUIDs and anything longer cannot be a session key. */
    static final int MAX_TOKEN_LENGTH = 512;

    private final Adapter adapter;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration updateAge;
    private Duration maxLifetime;

    /**
     * An absolute lifetime from sign-in ({@code dynauth.session.max-lifetime}, OWASP ASVS 7.3.2), for sessions that
     * carry their sign-in time ({@link DynauthSessions#SIGNED_IN_AT}; sessions an Auth.js app created do not, and
     * keep only the sliding expiry). Null: none.
     */
    AdapterSessionResolver maxLifetime(Duration maxLifetime) {
        this.maxLifetime = maxLifetime;
        return this;
    }

    AdapterSessionResolver(Adapter adapter, Clock clock, Duration maxAge, Duration updateAge) {
        this.adapter = adapter;
        this.clock = clock;
        this.maxAge = maxAge;
        this.updateAge = updateAge;
    }

    @Override
    public SessionResolution resolve(String sessionToken) {
        if (sessionToken == null || sessionToken.isEmpty() || sessionToken.length() > MAX_TOKEN_LENGTH) {
            return SessionResolution.invalid();
        }
        Optional<SessionAndUser> found = adapter.getSessionAndUser(sessionToken);
        if (found.isEmpty()) {
            return SessionResolution.invalid();
        }
        SessionAndUser sau = found.get();
        SessionLifetime.Decision d = new SessionLifetime(maxAge, updateAge, maxLifetime).decide(sau.session(), clock.instant());
        switch (d.action()) {
            case END -> {
                adapter.deleteSession(sessionToken); // past its absolute lifetime however active it was
                return SessionResolution.invalid();
            }
            case EXTEND -> {
                Optional<AdapterSession> updated = adapter.updateSession(SessionUpdate.expires(sessionToken, d.expires()));
                if (updated.isEmpty()) {
                    // expired (or signed out) since it was read: the adapter refuses to extend it
                    return SessionResolution.invalid();
                }
                return new SessionResolution(SessionResolution.State.EXTENDED, new SessionAndUser(updated.get(), sau.user()));
            }
            default -> {
                return new SessionResolution(SessionResolution.State.VALID, sau);
            }
        }
    }
}
