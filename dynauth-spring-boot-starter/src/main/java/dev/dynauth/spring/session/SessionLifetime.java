package dev.dynauth.spring.session;

import dev.dynauth.AdapterSession;
import java.time.Duration;
import java.time.Instant;

/**
 * The lifetime rules of a database session, one place for both stacks: Auth.js's sliding expiry (a session whose
 * {@code expires - maxAge + updateAge <= now} moves to {@code now + maxAge}) and dynauth's absolute lifetime
 * ({@code dynauth.session.max-lifetime}, OWASP ASVS 7.3.2) from the sign-in time the session carries
 * ({@link DynauthSessions#SIGNED_IN_AT}; an Auth.js app's sessions carry none and keep only the sliding expiry).
 *
 * @param maxLifetime null: none
 */
record SessionLifetime(Duration maxAge, Duration updateAge, Duration maxLifetime) {

    /** What a read of a live session does. */
    enum Action {
        /** Nothing to write. */
        KEEP,
        /** Move the expiry to {@link Decision#expires()} and re-issue the cookie. */
        EXTEND,
        /** Past its absolute lifetime: delete it, the cookie is cleared. */
        END
    }

    record Decision(Action action, Instant expires) {
        static final Decision KEEP = new Decision(Action.KEEP, null);
        static final Decision END = new Decision(Action.END, null);
    }

    Decision decide(AdapterSession session, Instant now) {
        Instant hardEnd = hardEnd(session);
        if (hardEnd != null && !hardEnd.isAfter(now)) {
            return Decision.END; // however active it was
        }
        if (session.expires().minus(maxAge).plus(updateAge).isAfter(now)) {
            return Decision.KEEP;
        }
        Instant extended = hardEnd != null && hardEnd.isBefore(now.plus(maxAge)) ? hardEnd : now.plus(maxAge);
        return extended.isAfter(session.expires()) ? new Decision(Action.EXTEND, extended) : Decision.KEEP;
    }

    /** The expiry of a session created now: {@code now + maxAge}, never past the absolute lifetime. */
    Instant firstExpiry(Instant now) {
        return maxLifetime != null && maxLifetime.compareTo(maxAge) < 0 ? now.plus(maxLifetime) : now.plus(maxAge);
    }

    private Instant hardEnd(AdapterSession session) {
        if (maxLifetime == null) {
            return null;
        }
        Object at = session.attributes().get(DynauthSessions.SIGNED_IN_AT);
        return at instanceof Instant i ? i.plus(maxLifetime) : null;
    }
}
