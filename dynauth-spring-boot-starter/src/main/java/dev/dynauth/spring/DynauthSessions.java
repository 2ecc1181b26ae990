package dev.dynauth.spring;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Signs users in and out with Auth.js database sessions: a session item with a random UUID token
 * and the cookie that carries it.
 */
public class DynauthSessions {

    private final Adapter adapter;
    private final SessionCookies cookies;
    private final Clock clock;
    private final Duration maxAge;
    /** {@code dynauth.session.max-lifetime}: null for none (Auth.js's sliding expiry only). */
    private Duration maxLifetime;

    /** Session item attribute: when the user signed in (epoch seconds), for the absolute lifetime. */
    public static final String SIGNED_IN_AT = "dynauthSignedInAt";

    public DynauthSessions(Adapter adapter, SessionCookies cookies, Clock clock, Duration maxAge) {
        this.adapter = adapter;
        this.cookies = cookies;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /**
     * Creates a session for the user (as Auth.js: token {@code randomUUID()}, expiry now + maxAge),
     * sets the cookie and puts the user in the security context of this request.
     */
    public DynauthAuthentication signIn(AdapterUser user, HttpServletRequest request, HttpServletResponse response) {
        String previous = cookies.read(request);
        if (previous != null) {
            adapter.deleteSession(previous);
        }
        Instant now = clock.instant();
        Instant expires = maxLifetime != null && maxLifetime.compareTo(maxAge) < 0 ? now.plus(maxLifetime) : now.plus(maxAge);
        AdapterSession session = adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), user.id(), expires,
                java.util.Map.of(SIGNED_IN_AT, now.getEpochSecond())));
        cookies.write(request, response, session.sessionToken(), Duration.between(now, expires));
        DynauthAuthentication auth = new DynauthAuthentication(user, session);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        request.setAttribute(DynauthSecurityContextRepository.RESOLVED_ATTRIBUTE, auth);
        return auth;
    }

    /** Deletes the request's session (if any) and clears the cookie. */
    public void signOut(HttpServletRequest request, HttpServletResponse response) {
        String token = cookies.read(request);
        if (token != null && token.length() <= AdapterSessionResolver.MAX_TOKEN_LENGTH) {
            adapter.deleteSession(token);
        }
        cookies.clear(request, response);
        SecurityContextHolder.clearContext();
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** Sets the absolute session lifetime ({@code dynauth.session.max-lifetime}); null: none. */
    public DynauthSessions maxLifetime(Duration maxLifetime) {
        this.maxLifetime = maxLifetime;
        return this;
    }

    SessionCookies cookies() {
        return cookies;
    }
}
