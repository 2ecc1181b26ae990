package dev.dynauth.spring.session;

import dev.dynauth.spring.web.AuthPaths;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/auth/session} on WebFlux: the JSON Auth.js answers ({@link SessionJson}), from the exchange's session
 * as the repository resolves it (the sliding expiry re-issues the cookie here too). Runs after Spring Security's chain,
 * which permits the path.
 */
final class ReactiveSessionEndpoint implements WebFilter, Ordered {

    private final DynauthServerSecurityContextRepository repository;

    ReactiveSessionEndpoint(DynauthServerSecurityContextRepository repository) {
        this.repository = repository;
    }

    @Override
    public int getOrder() {
        return 0; // after Spring Security's WebFilterChainProxy (-100)
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        if (!AuthPaths.SESSION.equals(request.getPath().pathWithinApplication().value())
                || !(HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod()))) {
            return chain.filter(exchange);
        }
        return repository.resolve(exchange).map(SessionJson::of).defaultIfEmpty(SessionJson.of(null)).flatMap(json -> {
            var response = exchange.getResponse();
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            response.getHeaders().setCacheControl("no-store");
            return response.writeWith(Mono.just(response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8))));
        });
    }
}
