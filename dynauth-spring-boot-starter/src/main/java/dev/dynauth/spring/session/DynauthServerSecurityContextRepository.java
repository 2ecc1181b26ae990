package dev.dynauth.spring.session;

import dev.dynauth.AdapterUser;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The security context of a WebFlux request, from the Auth.js session cookie (every strategy, chunks, secrets and
 * rotation as on the servlet side) or an {@code Authorization: Bearer} token, resolved lazily and at most once per
 * exchange, without blocking: the principal is the {@link AdapterUser} ({@code @AuthenticationPrincipal AdapterUser},
 * {@code ReactiveSecurityContextHolder}). Nothing is kept in a {@code WebSession}.
 *
 * <p>{@link #save} with an authenticated {@link Authentication} whose principal is an {@link AdapterUser} (and that is not
 * already a dynauth session) signs that user in: a new session and its cookie, as an Auth.js sign-in. Saving an empty
 * context signs the request's session out. Sign-in code that has another principal (an OAuth2 user) maps it to the
 * {@link AdapterUser} first, or calls {@link #signIn} directly.
 */
public final class DynauthServerSecurityContextRepository implements ServerSecurityContextRepository {

    /** Exchange attribute holding the exchange's resolved session (a cached {@code Mono<DynauthAuthentication>}). */
    static final String RESOLVED = DynauthServerSecurityContextRepository.class.getName() + ".resolved";

    private final ReactiveSessions sessions;

    DynauthServerSecurityContextRepository(ReactiveSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        return resolve(exchange).map(SecurityContextImpl::new);
    }

    /** The exchange's session, resolved once per exchange (empty: signed out). */
    @SuppressWarnings("unchecked")
    public Mono<DynauthAuthentication> resolve(ServerWebExchange exchange) {
        return Mono.defer(() -> (Mono<DynauthAuthentication>) exchange.getAttributes()
                .computeIfAbsent(RESOLVED, k -> sessions.resolve(exchange).cache()));
    }

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        Authentication auth = context == null ? null : context.getAuthentication();
        if (auth == null) {
            return signOut(exchange);
        }
        if (auth instanceof DynauthAuthentication || !auth.isAuthenticated() || !(auth.getPrincipal() instanceof AdapterUser user)) {
            return Mono.empty();
        }
        return signIn(exchange, user).then();
    }

    /** Signs the user in on this exchange: a new session (database or JWT, as configured) and its cookie. */
    public Mono<DynauthAuthentication> signIn(ServerWebExchange exchange, AdapterUser user) {
        return sessions.signIn(exchange, user)
                .doOnNext(auth -> exchange.getAttributes().put(RESOLVED, Mono.just(auth)));
    }

    /** Ends the exchange's session (deleted, or revoked with JWT revocation on) and clears its cookies. */
    public Mono<Void> signOut(ServerWebExchange exchange) {
        return sessions.signOut(exchange).then(Mono.fromRunnable(() -> exchange.getAttributes().put(RESOLVED, Mono.empty())));
    }
}
