package dev.dynauth.spring.session;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynauthStore;
import dev.dynauth.SessionTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The database strategy: a session item and the cookie that carries its token (see {@link DynauthSessions}). Also
 * the part of {@link DynauthJwtSessions} that ends database sessions while migrating, and holds what both strategies
 * work with (adapter, cookie, clock, {@code max-age}).
 */
final class DatabaseSessions implements SessionStrategy {

    private static final int MAX_USER_AGENT = 512;

    private final Adapter adapter;
    private final SessionCookies cookies;
    private final Clock clock;
    private final Duration maxAge;
    /** {@code dynauth.session.max-lifetime}: null for none (Auth.js's sliding expiry only). */
    private Duration maxLifetime;
    private DynauthStore sessionStore;

    DatabaseSessions(Adapter adapter, SessionCookies cookies, Clock clock, Duration maxAge) {
        this.adapter = adapter;
        this.cookies = cookies;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /**
     * Creates a session for the user (token from {@link SessionTokens#issue}, expiry now + maxAge, as Auth.js),
     * sets the cookie and puts the user in the security context of this request.
     */
    @Override
    public DynauthAuthentication signIn(AdapterUser user, HttpServletRequest request, HttpServletResponse response) {
        String previous = cookies.read(request);
        if (previous != null && previous.length() <= AdapterSessionResolver.MAX_TOKEN_LENGTH) {
            adapter.deleteSession(previous); // (a longer value is no database session: e.g. another app's JWT)
        }
        Instant now = clock.instant();
        Instant expires = new SessionLifetime(maxAge, Duration.ZERO, maxLifetime).firstExpiry(now);
        AdapterSession session = adapter.createSession(newSession(user, now, expires, request.getHeader("User-Agent")));
        cookies.write(request, response, session.sessionToken(), Duration.between(now, expires));
        DynauthAuthentication auth = new DynauthAuthentication(user, session);
        signedIn(auth, request);
        return auth;
    }

    /** Puts a fresh sign-in in this request's security context and marks the request resolved (both strategies). */
    static void signedIn(DynauthAuthentication auth, HttpServletRequest request) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        request.setAttribute(DynauthSecurityContextRepository.RESOLVED_ATTRIBUTE, auth);
    }

    /**
     * A new session (both stacks): a {@link SessionTokens self-locating} token, the sign-in time
     * ({@link DynauthSessions#SIGNED_IN_AT}) and the browser's {@code User-Agent} (at most 512 characters) beside
     * Auth.js's fields.
     */
    static AdapterSession newSession(AdapterUser user, Instant now, Instant expires, String userAgent) {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put(DynauthSessions.SIGNED_IN_AT, now);
        if (userAgent != null && !userAgent.isBlank()) {
            about.put(DynauthSessions.USER_AGENT, userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent);
        }
        return new AdapterSession(SessionTokens.issue(user.id()), user.id(), expires, about);
    }

    /** Deletes the request's session (if any) and clears the cookie. */
    @Override
    public void signOut(HttpServletRequest request, HttpServletResponse response) {
        String token = cookies.read(request);
        if (token != null && token.length() <= AdapterSessionResolver.MAX_TOKEN_LENGTH) {
            adapter.deleteSession(token);
        }
        cookies.clear(request, response);
        SecurityContextHolder.clearContext();
    }

    @Override
    public boolean endsOtherDevices() {
        return true;
    }

    /** Deletes the user's database sessions but {@code current}'s (an Auth.js app's too). */
    @Override
    public boolean signOutOtherDevices(DynauthAuthentication current, HttpServletRequest request, HttpServletResponse response) {
        if (sessionStore == null) {
            throw new IllegalStateException("no session store: listing a user's sessions needs a DynauthStore");
        }
        String keep = current.session() == null ? null : current.session().sessionToken();
        for (AdapterSession s : sessionStore.listSessions(current.user().id())) {
            if (!s.sessionToken().equals(keep)) {
                adapter.deleteSession(s.sessionToken());
            }
        }
        return true;
    }

    void sessionStore(DynauthStore sessionStore) {
        this.sessionStore = sessionStore;
    }

    void maxLifetime(Duration maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    Adapter adapter() {
        return adapter;
    }

    SessionCookies cookies() {
        return cookies;
    }

    Clock clock() {
        return clock;
    }

    Duration maxAge() {
        return maxAge;
    }
}
