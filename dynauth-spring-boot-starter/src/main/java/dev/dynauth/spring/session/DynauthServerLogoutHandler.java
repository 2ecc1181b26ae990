package dev.dynauth.spring.session;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import reactor.core.publisher.Mono;

/**
 * Revoke-on-sign-out for WebFlux: the signed-out request's database session is deleted (or, for a JWT with
 * {@code dynauth.session.jwt.revoke-on-sign-out}, its user's tokens revoked) and the session cookie cleared, on every
 * instance since the state is in the table. Add it to a chain's {@code logout()}.
 */
public final class DynauthServerLogoutHandler implements ServerLogoutHandler {

    private final DynauthServerSecurityContextRepository repository;

    public DynauthServerLogoutHandler(DynauthServerSecurityContextRepository repository) {
        this.repository = repository;
    }

    @Override
    public Mono<Void> logout(WebFilterExchange exchange, Authentication authentication) {
        return repository.signOut(exchange.getExchange());
    }
}
