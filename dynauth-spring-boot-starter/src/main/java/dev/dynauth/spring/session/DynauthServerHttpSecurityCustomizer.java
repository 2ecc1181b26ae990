package dev.dynauth.spring.session;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * Adds to the default reactive chain that {@link ReactiveSessionAutoConfiguration} builds (when the application
 * defines no {@code SecurityWebFilterChain}): beans of this type are applied in their order, after dynauth's session
 * repository, sign-out and authorisation rules are set and before the chain is built (e.g. sign-in pages, OAuth2 login,
 * a gateway's identity forwarding).
 */
@FunctionalInterface
public interface DynauthServerHttpSecurityCustomizer {
    void customize(ServerHttpSecurity http);
}
