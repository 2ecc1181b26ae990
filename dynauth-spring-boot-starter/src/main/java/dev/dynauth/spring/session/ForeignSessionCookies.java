package dev.dynauth.spring.session;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session cookies of the other strategy: a Next.js app on {@code jwt} beside a service on {@code database} (or the
 * reverse) shares the cookie name, and the service cannot read the other kind. Such a cookie is no session here,
 * but it is the app's valid session: it is never cleared, and a WARN names the property to set, once per kind (a
 * mismatch is a configuration error, not something to log per request), without the token.
 */
final class ForeignSessionCookies {

    private static final Logger LOG = LoggerFactory.getLogger(ForeignSessionCookies.class);

    private final AtomicBoolean jwtWarned = new AtomicBoolean();
    private final AtomicBoolean databaseWarned = new AtomicBoolean();

    /** Whether the database strategy must leave this cookie value alone: it is an Auth.js JWT (and says so once). */
    boolean jwtWhileDatabase(String value) {
        if (!DynauthJwtSessions.looksLikeJwt(value)) {
            return false;
        }
        if (jwtWarned.compareAndSet(false, true)) {
            LOG.warn("dynauth: a session cookie looks like an Auth.js JWT while dynauth.session.strategy is database: "
                    + "it is left alone and signs nobody in here. If the Next.js app uses session: {{ strategy: \"jwt\" }}, "
                    + "set dynauth.session.strategy=jwt (with its AUTH_SECRET) so both read the same sessions");
        }
        return true;
    }

    /**
     * Whether the JWT-only strategy must leave this cookie value alone: it is not a JWT (a database session token or
     * anything else, which this strategy cannot read); says so once when it looks like a database session token.
     */
    boolean notJwtWhileJwt(String value) {
        if (DynauthJwtSessions.looksLikeJwt(value)) {
            return false;
        }
        if (looksLikeDatabaseToken(value) && databaseWarned.compareAndSet(false, true)) {
            LOG.warn("dynauth: a session cookie looks like an Auth.js database session while dynauth.session.strategy is "
                    + "jwt: it is left alone and signs nobody in here. If the Next.js app uses database sessions, set "
                    + "dynauth.session.strategy=database (or jwt,database while migrating)");
        }
        return true;
    }

    /** An Auth.js UUID or a dynauth self-locating token: URL-safe characters, at most one dot, a session's length. */
    static boolean looksLikeDatabaseToken(String value) {
        if (value.length() < 32 || value.length() > AdapterSessionResolver.MAX_TOKEN_LENGTH) {
            return false;
        }
        int dots = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return dots <= 1;
    }
}
