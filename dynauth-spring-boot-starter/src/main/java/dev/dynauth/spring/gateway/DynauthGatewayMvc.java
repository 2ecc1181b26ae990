package dev.dynauth.spring.gateway;

import dev.dynauth.AdapterUser;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Identity forwarding for a Spring Cloud Gateway on Spring MVC ({@code spring-cloud-starter-gateway-server-webmvc}),
 * the servlet twin of the WebFlux route filter {@code DynauthIdentity}: a bean whose filter functions go on a route.
 *
 * <pre>{@code
 * @Bean
 * RouterFunction<ServerResponse> orders(DynauthGatewayMvc dynauth) {
 *     return route("orders").GET("/orders/**", http())
 *             .before(uri("http://orders.internal:8080"))
 *             .filter(dynauth.identity("orders-api", "refuse"))
 *             .build();
 * }
 * }</pre>
 *
 * The signed-in user is the servlet security context's (the starter's session filter chain puts the
 * {@link AdapterUser} there); what the client sent and the sign-in cookies are removed as on WebFlux.
 */
public final class DynauthGatewayMvc {

    private final GatewayIdentity identity;

    DynauthGatewayMvc(GatewayIdentity identity) {
        this.identity = identity;
    }

    /** The route's filter: forwards the signed-in user to {@code audience}; anonymous requests get 401. */
    public HandlerFilterFunction<ServerResponse, ServerResponse> identity(String audience) {
        return identity(audience, "refuse");
    }

    /**
     * The route's filter: forwards the signed-in user to {@code audience}.
     *
     * @param anonymous {@code refuse} (401), {@code redirect} (browsers to the sign-in page, API clients 401) or
     *                  {@code pass} (forwarded without identity)
     */
    public HandlerFilterFunction<ServerResponse, ServerResponse> identity(String audience, String anonymous) {
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("DynauthGatewayMvc.identity needs the route's audience");
        }
        AnonymousPolicy policy = AnonymousPolicy.named(anonymous);
        ClientIdentity rules = identity.rules();
        return (request, next) -> {
            Optional<AdapterUser> user = GatewayIdentity.signedIn(SecurityContextHolder.getContext().getAuthentication());
            if (user.isEmpty() && policy != AnonymousPolicy.PASS) {
                if (policy == AnonymousPolicy.REDIRECT && AnonymousPolicy.browser(request.headers().header(HttpHeaders.ACCEPT))) {
                    String query = request.servletRequest().getQueryString();
                    return ServerResponse.status(HttpStatus.FOUND).header(HttpHeaders.CACHE_CONTROL, "no-store")
                            .header(HttpHeaders.LOCATION, identity.signInLocation(request.servletRequest().getRequestURI()
                                    + (query == null ? "" : "?" + query))).build();
                }
                return ServerResponse.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
            }
            Map<String, String> added = user.map(u -> identity.downstreamHeaders(u, audience)).orElse(Map.of());
            ServerRequest downstream = ServerRequest.from(request)
                    .headers(h -> rules.rewrite(h, added))
                    .cookies(c -> c.keySet().removeIf(rules::signInCookie))
                    .build();
            ServerResponse response = next.handle(downstream);
            rules.keepSignInCookies(response.headers());
            return response;
        };
    }
}
