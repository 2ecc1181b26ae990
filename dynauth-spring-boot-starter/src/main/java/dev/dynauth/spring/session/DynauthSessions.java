package dev.dynauth.spring.session;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
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
 * Signs users in and out with Auth.js database sessions: a session item and the cookie that carries its token.
 * Tokens come from {@link SessionTokens} (self-locating: the owner and 256 random bits), which Auth.js reads like
 * its own UUIDs and dynauth reads in one strongly consistent request. The item also keeps when the user signed in
 * ({@link #SIGNED_IN_AT}) and the browser's {@code User-Agent} ({@link #USER_AGENT}), extra attributes the npm
 * adapter carries along and Auth.js ignores, so an account page can tell a person's devices apart.
 */
public class DynauthSessions {

    /** Session attribute: when the session was created (an {@link Instant}); also the start of the absolute lifetime. */
    public static final String SIGNED_IN_AT = "signedInAt";
    /** Session attribute: the {@code User-Agent} header of the browser that signed in (at most 512 characters). */
    public static final String USER_AGENT = "userAgent";
    private static final int MAX_USER_AGENT = 512;

    private final Adapter adapter;
    private final SessionCookies cookies;
    private final Clock clock;
    private final Duration maxAge;
    /** {@code dynauth.session.max-lifetime}: null for none (Auth.js's sliding expiry only). */
    private Duration maxLifetime;
    private dev.dynauth.DynauthStore sessionStore;


    public DynauthSessions(Adapter adapter, SessionCookies cookies, Clock clock, Duration maxAge) {
        this.adapter = adapter;
        this.cookies = cookies;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /**
     * Creates a session for the user (token from {@link SessionTokens#issue}, expiry now + maxAge, as Auth.js),
     * sets the cookie and puts the user in the security context of this request.
     */
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
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        request.setAttribute(DynauthSecurityContextRepository.RESOLVED_ATTRIBUTE, auth);
        return auth;
    }

    /**
     * A new session (both stacks): a {@link SessionTokens self-locating} token, the sign-in time ({@link #SIGNED_IN_AT})
     * and the browser's {@code User-Agent} (at most 512 characters) beside Auth.js's fields.
     */
    static AdapterSession newSession(AdapterUser user, Instant now, Instant expires, String userAgent) {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put(SIGNED_IN_AT, now);
        if (userAgent != null && !userAgent.isBlank()) {
            about.put(USER_AGENT, userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent);
        }
        return new AdapterSession(SessionTokens.issue(user.id()), user.id(), expires, about);
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

    /**
     * Whether {@link #signOutOtherDevices} ends every other session: false where a strategy cannot end one early
     * (plain {@code jwt} without {@code dynauth.session.jwt.revoke-on-sign-out}), so a page must not claim it.
     */
    public boolean endsOtherDevices() {
        return true;
    }

    /**
     * Ends every session of the signed-in user but this browser's, on every instance (the state is in the table):
     * the user's database sessions but {@code current}'s (an Auth.js app's too); in {@link DynauthJwtSessions}, also
     * every other JWT where revocation is on, re-issuing this browser's. Returns {@link #endsOtherDevices()}.
     */
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

    /** Where a user's sessions are listed (beyond Auth.js's adapter API: the adapter bean's {@link dev.dynauth.DynauthStore}). */
    public DynauthSessions sessionStore(dev.dynauth.DynauthStore sessionStore) {
        this.sessionStore = sessionStore;
        return this;
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
