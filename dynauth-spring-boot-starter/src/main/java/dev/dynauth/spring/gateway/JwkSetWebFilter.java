package dev.dynauth.spring.gateway;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Serves the gateway's public JWK set at {@code dynauth.gateway.jwk-set-path} (WebFlux), ahead of the security filter
 * chain and of the routes: the services fetch it without a session, and no route may shadow it.
 */
final class JwkSetWebFilter implements WebFilter, Ordered {

    private final String path;
    private final byte[] body;

    JwkSetWebFilter(GatewayIdentity.JwkSetDocument document) {
        this.path = document.path();
        this.body = document.body();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!path.equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        var response = exchange.getResponse();
        HttpMethod method = exchange.getRequest().getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            response.setStatusCode(org.springframework.http.HttpStatus.METHOD_NOT_ALLOWED);
            response.getHeaders().setAllow(java.util.Set.of(HttpMethod.GET, HttpMethod.HEAD));
            return response.setComplete();
        }
        response.getHeaders().setContentType(MediaType.parseMediaType(GatewayIdentity.JwkSetDocument.CONTENT_TYPE));
        response.getHeaders().setCacheControl(GatewayIdentity.JwkSetDocument.CACHE_CONTROL);
        response.getHeaders().setContentLength(body.length);
        if (method == HttpMethod.HEAD) {
            return response.setComplete();
        }
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    @Override
    public int getOrder() {
        // before Spring Security's WebFilterChainProxy (-100)
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
