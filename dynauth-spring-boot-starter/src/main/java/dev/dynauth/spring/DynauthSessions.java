package dev.dynauth.spring;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.SessionTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Signs users in and out with Auth.js database sessions: a session item and the cookie that carries its token.
 * Tokens come from {@link SessionTokens} (self-locating: the owner and 256 random bits), which Auth.js reads like
 * its own UUIDs and dynauth reads in one strongly consistent request.
 */
public class DynauthSessions {

    private final Adapter adapter;
    private final SessionCookies cookies;
    private final Clock clock;
    private final Duration maxAge;

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
        if (previous != null) {
            adapter.deleteSession(previous);
        }
        Instant expires = clock.instant().plus(maxAge);
        AdapterSession session = adapter.createSession(
                new AdapterSession(SessionTokens.issue(user.id()), user.id(), expires));
        cookies.write(request, response, session.sessionToken(), maxAge);
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

    SessionCookies cookies() {
        return cookies;
    }
}
