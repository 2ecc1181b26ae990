package dev.dynauth.spring.gateway;

import dev.dynauth.AdapterUser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The route filter {@code DynauthIdentity} of a Spring Cloud Gateway on WebFlux
 * ({@code spring-cloud-starter-gateway-server-webflux}): removes the identity a client sent (the headers of
 * {@link ClientIdentity#ALWAYS_STRIPPED}, the Auth.js and dynauth cookies), then forwards the signed-in user of the
 * reactive security context as a short-lived signed token (or, in header mode, plain headers); a request nobody is
 * signed in on is refused, redirected or passed as the route says. In a route:
 * {@code filters: [ "DynauthIdentity=orders, redirect" ]} (audience, anonymous policy).
 */
final class DynauthIdentityGatewayFilterFactory extends AbstractGatewayFilterFactory<DynauthIdentityGatewayFilterFactory.Config> {

    private final GatewayIdentity identity;

    DynauthIdentityGatewayFilterFactory(GatewayIdentity identity) {
        super(Config.class);
        this.identity = identity;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("audience", "anonymous");
    }

    @Override
    public GatewayFilter apply(Config config) {
        return new IdentityFilter(identity, config.getAudience(), config.getAnonymous());
    }

    /** The route's arguments: {@code audience} (default: the route's id) and {@code anonymous} (default refuse). */
    public static final class Config {
        private String audience;
        private AnonymousPolicy anonymous = AnonymousPolicy.REFUSE;

        public String getAudience() { return audience; }
        public void setAudience(String audience) { this.audience = audience; }
        public AnonymousPolicy getAnonymous() { return anonymous; }
        public void setAnonymous(AnonymousPolicy anonymous) { this.anonymous = anonymous == null ? AnonymousPolicy.REFUSE : anonymous; }
    }

    /** One route's filter. */
    static final class IdentityFilter implements GatewayFilter {
        private final GatewayIdentity identity;
        private final String audience;
        private final AnonymousPolicy anonymous;

        IdentityFilter(GatewayIdentity identity, String audience, AnonymousPolicy anonymous) {
            this.identity = identity;
            this.audience = audience == null || audience.isBlank() ? null : audience.trim();
            this.anonymous = anonymous == null ? AnonymousPolicy.REFUSE : anonymous;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            ClientIdentity rules = identity.rules();
            keepSignInCookiesFromDownstream(exchange.getResponse(), rules);
            return ReactiveSecurityContextHolder.getContext()
                    .map(SecurityContext::getAuthentication)
                    .flatMap(a -> Mono.justOrEmpty(GatewayIdentity.signedIn(a)))
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .flatMap(user -> {
                        if (user.isPresent()) {
                            Map<String, String> added = identity.downstreamHeaders(user.get(), audience(exchange));
                            return chain.filter(exchange.mutate().request(downstream(exchange, rules, added)).build());
                        }
                        return switch (anonymous) {
                            case PASS -> chain.filter(exchange.mutate().request(downstream(exchange, rules, Map.of())).build());
                            case REDIRECT -> AnonymousPolicy.browser(exchange.getRequest().getHeaders().getAccept().stream()
                                    .map(Object::toString).toList()) ? redirect(exchange) : refuse(exchange);
                            case REFUSE -> refuse(exchange);
                        };
                    });
        }

        private String audience(ServerWebExchange exchange) {
            if (audience != null) {
                return audience;
            }
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            return route != null ? route.getId() : identity.defaultAudience();
        }

        private static ServerHttpRequest downstream(ServerWebExchange exchange, ClientIdentity rules,
                                                    Map<String, String> added) {
            return exchange.getRequest().mutate().headers(h -> rules.rewrite(h, added)).build();
        }

        /** A service behind the gateway cannot set or clear the user's session: its sign-in cookies are dropped. */
        private static void keepSignInCookiesFromDownstream(ServerHttpResponse response, ClientIdentity rules) {
            response.beforeCommit(() -> {
                rules.keepSignInCookies(response.getHeaders());
                return Mono.empty();
            });
        }

        private static Mono<Void> refuse(ServerWebExchange exchange) {
            exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
            exchange.getResponse().getHeaders().setCacheControl("no-store");
            return exchange.getResponse().setComplete();
        }

        private Mono<Void> redirect(ServerWebExchange exchange) {
            // the URL the browser asked for, before filters such as StripPrefix rewrote it
            java.util.Set<java.net.URI> originals = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
            java.net.URI uri = originals != null && !originals.isEmpty() ? originals.iterator().next()
                    : exchange.getRequest().getURI();
            String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            exchange.getResponse().setStatusCode(HttpStatus.FOUND);
            exchange.getResponse().getHeaders().set(HttpHeaders.LOCATION, identity.signInLocation(pathAndQuery));
            exchange.getResponse().getHeaders().setCacheControl("no-store");
            return exchange.getResponse().setComplete();
        }
    }
}
