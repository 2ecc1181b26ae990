package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.DynamoDbFaults;
import dev.dynauth.spring.web.PublicUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One of the Auth.js endpoints on a reactive chain, as {@link EndpointFilter} on the servlet side: its own
 * {@link EndpointMatcher} (the same rule: method and the raw path within the application), what it serves, and what
 * its own failure answers: the {@code Host} page for an untrusted host, the {@code Unavailable} page when DynamoDB
 * cannot be reached, else the {@code Configuration} page, never a stack trace. What the rest of the chain does after
 * it is the chain's.
 */
final class ReactiveEndpointFilter implements WebFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ReactiveEndpointFilter.class);

    /** What an endpoint serves. */
    @FunctionalInterface
    interface Handler {
        /** @return the answer; null when the request goes on down the chain after all (a known OAuth2 provider) */
        Mono<Void> serve(ServerWebExchange exchange);
    }

    private final EndpointMatcher matcher;
    private final Handler handler;
    private final ReactivePages pages;

    ReactiveEndpointFilter(EndpointMatcher matcher, ReactivePages pages, Handler handler) {
        this.matcher = matcher;
        this.handler = handler;
        this.pages = pages;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!matcher.matches(exchange.getRequest().getMethod().name(), path)) {
            return chain.filter(exchange);
        }
        Mono<Void> handled;
        try {
            handled = handler.serve(exchange);
        } catch (RuntimeException e) {
            handled = Mono.error(e);
        }
        // only this filter's own answer becomes an error page: what the rest of the chain does is the chain's
        return handled == null ? chain.filter(exchange) : handled.onErrorResume(e -> failed(exchange, path, e));
    }

    private Mono<Void> failed(ServerWebExchange exchange, String path, Throwable e) {
        String method = exchange.getRequest().getMethod().name();
        String code;
        if (e instanceof PublicUrl.UntrustedHostException) {
            LOG.warn("dynauth: {} {} refused: {}", method, path, e.getMessage());
            code = AuthErrors.HOST;
        } else if (DynamoDbFaults.unavailable(e)) {
            LOG.warn("dynauth: {} {}: DynamoDB unavailable ({})", method, path, e.getClass().getName());
            code = AuthErrors.UNAVAILABLE;
        } else {
            // never a stack trace to the browser, nor the exception's message in the log (it may quote input)
            LOG.error("dynauth: {} {} failed: {}", method, path, e.getClass().getName());
            code = AuthErrors.CONFIGURATION;
        }
        if (exchange.getResponse().isCommitted()) {
            return Mono.empty();
        }
        exchange.getResponse().getHeaders().remove(HttpHeaders.LOCATION);
        return pages.error(exchange, code);
    }

    @Override
    public String toString() {
        return "ReactiveEndpointFilter " + matcher;
    }
}
