package dev.dynauth.spring.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.core.context.DeferredSecurityContext;

/**
 * Loads the security context from the Auth.js session cookie, lazily: a request that never asks
 * who is signed in costs no DynamoDB request. A live session costs one {@code getSessionAndUser},
 * plus one {@code updateSession} when Auth.js's sliding expiry extends it, in which case the cookie
 * is re-issued; a dead session's cookie is cleared. Nothing is kept in memory or in an HttpSession.
 *
 * <p>Sessions are created explicitly ({@link DynauthSessions#signIn}); {@link #saveContext} only
 * turns a passkey sign-in into a session, through the {@link SignInHook} when one is set.
 */
public class DynauthSecurityContextRepository implements SecurityContextRepository {

    /** Request attribute holding the resolved {@link DynauthAuthentication}, if any. */
    static final String RESOLVED_ATTRIBUTE = DynauthSecurityContextRepository.class.getName() + ".resolved";
    /** Request attribute holding the current response, set by {@link ResponseHolderFilter}. */
    static final String RESPONSE_ATTRIBUTE = DynauthSecurityContextRepository.class.getName() + ".response";

    /** Called by {@link #saveContext} for authentications of other kinds (e.g. passkeys). */
    public interface SignInHook {
        /** Creates a session for the authentication when it signs in a dynauth user; returns whether it did. */
        boolean onSave(Authentication authentication, HttpServletRequest request, HttpServletResponse response);
    }

    private final SessionResolver resolver;
    private final SessionCookies cookies;
    private final DynauthSessions sessions;
    private SignInHook signInHook;
    /** JWT sessions ({@code dynauth.session.strategy} with {@code jwt}): their cookie is looked at first; null: none. */
    private final DynauthJwtSessions jwtSessions;
    private final ForeignSessionCookies foreign = new ForeignSessionCookies();
    private SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

    DynauthSecurityContextRepository(SessionResolver resolver, SessionCookies cookies, DynauthSessions sessions) {
        this.resolver = resolver;
        this.cookies = cookies;
        this.sessions = sessions;
        this.jwtSessions = sessions.jwt();
    }

    public void setSignInHook(SignInHook signInHook) {
        this.signInHook = signInHook;
    }

    public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    @Deprecated
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        holder.getRequest().setAttribute(RESPONSE_ATTRIBUTE, holder.getResponse());
        return load(holder.getRequest());
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return new DeferredSecurityContext() {
            private SecurityContext context;

            @Override
            public SecurityContext get() {
                if (context == null) {
                    context = load(request);
                }
                return context;
            }

            @Override
            public boolean isGenerated() {
                return get().getAuthentication() == null;
            }
        };
    }

    /** Resolves the request's session now (at most once per request). */
    public DynauthAuthentication resolve(HttpServletRequest request) {
        Object done = request.getAttribute(RESOLVED_ATTRIBUTE);
        if (done instanceof DynauthAuthentication a) {
            return a;
        }
        if (done != null) {
            return null;
        }
        DynauthJwtSessions.Resolved jwt = jwtSessions == null ? DynauthJwtSessions.Resolved.ABSENT
                : jwtSessions.resolve(request, (HttpServletResponse) request.getAttribute(RESPONSE_ATTRIBUTE));
        String token = jwt.state() == DynauthJwtSessions.State.ABSENT ? cookies.read(request) : null;
        boolean fromCookie = token != null;
        if (jwt.state() == DynauthJwtSessions.State.ABSENT && token == null) {
            // no session cookie: Auth.js's getToken reads Authorization: Bearer (malformed: no token)
            String bearer = BearerTokens.parse(request.getHeader("Authorization")).orElse(null);
            if (bearer != null && jwtSessions != null && DynauthJwtSessions.looksLikeJwt(bearer)) {
                jwt = jwtSessions.resolveBearer(request, bearer);
            } else {
                token = bearer;
            }
        }
        if (token != null && (jwtSessions == null ? foreign.jwtWhileDatabase(token)
                : !jwtSessions.acceptsDatabase() && foreign.notJwtWhileJwt(token))) {
            token = null; // the other strategy's session (e.g. a Next.js app's): no session here, and never cleared
        }
        DynauthAuthentication auth = jwt.authentication();
        if (token != null) {
            SessionResolution r = resolver.resolve(token);
            // a Bearer request gets no cookie
            HttpServletResponse response = fromCookie ? (HttpServletResponse) request.getAttribute(RESPONSE_ATTRIBUTE) : null;
            if (r.signedIn()) {
                auth = new DynauthAuthentication(r.sessionAndUser().user(), r.sessionAndUser().session());
                if (r.state() == SessionResolution.State.EXTENDED && response != null && !response.isCommitted()) {
                    cookies.write(request, response, token, sessions.maxAge());
                }
            } else if (response != null && !response.isCommitted()) {
                cookies.clear(request, response);
            }
        }
        request.setAttribute(RESOLVED_ATTRIBUTE, auth != null ? auth : Boolean.FALSE);
        return auth;
    }

    private SecurityContext load(HttpServletRequest request) {
        SecurityContext context = strategy.createEmptyContext();
        DynauthAuthentication auth = resolve(request);
        if (auth != null) {
            context.setAuthentication(auth);
        }
        return context;
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        Authentication auth = context.getAuthentication();
        if (auth == null || auth instanceof DynauthAuthentication || !auth.isAuthenticated()) {
            return;
        }
        if (signInHook != null) {
            signInHook.onSave(auth, request, response);
        }
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return cookies.read(request) != null || jwtSessions != null && jwtSessions.present(request);
    }

    /** Makes the response reachable from the lazily loaded context, so cookies can be re-issued or cleared. */
    public static class ResponseHolderFilter extends org.springframework.web.filter.OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                        jakarta.servlet.FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
            request.setAttribute(RESPONSE_ATTRIBUTE, response);
            chain.doFilter(request, response);
        }
    }
}
