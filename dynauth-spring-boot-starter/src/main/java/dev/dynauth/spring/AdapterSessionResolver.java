package dev.dynauth.spring;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.SessionAndUser;
import dev.dynauth.SessionUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
public class AdapterSessionResolver implements SessionResolver {

    /** Longest token looked up; Auth.js tokens are UUIDs and anything longer cannot be a session key. */
    static final int MAX_TOKEN_LENGTH = 512;

    private final Adapter adapter;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration updateAge;

    public AdapterSessionResolver(Adapter adapter, Clock clock, Duration maxAge, Duration updateAge) {
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
        Instant now = clock.instant();
        if (!sau.session().expires().minus(maxAge).plus(updateAge).isAfter(now)) {
            Optional<AdapterSession> updated = adapter.updateSession(SessionUpdate.expires(sessionToken, now.plus(maxAge)));
            if (updated.isEmpty()) {
                // expired (or signed out) since it was read: the adapter refuses to extend it
                return SessionResolution.invalid();
            }
            return new SessionResolution(SessionResolution.State.EXTENDED, new SessionAndUser(updated.get(), sau.user()));
        }
        return new SessionResolution(SessionResolution.State.VALID, sau);
    }
}
