package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.PublicUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * First filter of the reactive chain, as the servlet guard filter: a request the chain cannot take is a styled 4xx
 * with one log line, never WebFlux's 500 and a stack trace. A form larger than WebFlux buffers (the CSRF filter
 * reads every form) is a 413; a request whose host is not trusted where an absolute URL is needed is the
 * {@code UntrustedHost} page; {@code /error} asked for directly is a 404 page.
 */
final class ReactiveRequestGuard implements WebFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ReactiveRequestGuard.class);

    private final ReactivePages pages;

    ReactiveRequestGuard(ReactivePages pages) {
        this.pages = pages;
    }

    /**
     * WebFlux's default buffer limit ({@code spring.codec.max-in-memory-size}): an urlencoded form beyond it would fail
     * inside the CSRF filter's form reading, and a sign-in form is well under a kilobyte.
     */
    static final long MAX_FORM_BYTES = 256 * 1024;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        org.springframework.http.MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (type != null && org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED.includes(type)
                && exchange.getRequest().getHeaders().getContentLength() > MAX_FORM_BYTES) {
            // refused before anything reads it: reading it would fail twice (the second failure a stack trace)
            return tooLarge(exchange);
        }
        if ("/error".equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
            // as on the servlet side: the error page asked for directly is no error of the server's (WebFlux would
            // answer its bare "Whitelabel" page; the default chain leaves /error public for the servlet side)
            return pages.page(exchange, DynauthPageLayout.Page.ERROR, 404, "Not found", "<p>There is no such page.</p>"
                    + "<p><a href=\"" + Html.esc(exchange.getRequest().getPath().contextPath().value() + "/")
                    + "\">Home</a></p>");
        }
        return chain.filter(exchange).onErrorResume(e -> {
            if (exchange.getResponse().isCommitted()) {
                return Mono.error(e);
            }
            String where = exchange.getRequest().getMethod().name() + " "
                    + exchange.getRequest().getPath().pathWithinApplication().value();
            if (causedBy(e, DataBufferLimitException.class)) {
                return tooLarge(exchange);
            }
            if (causedBy(e, PublicUrl.UntrustedHostException.class)) {
                LOG.warn("dynauth: {} refused: {}", where, e.getMessage());
                return pages.error(exchange, AuthErrors.HOST);
            }
            return Mono.error(e);
        });
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        LOG.info("dynauth: {} {}: body too large: answered 413", exchange.getRequest().getMethod().name(),
                exchange.getRequest().getPath().pathWithinApplication().value());
        return pages.page(exchange, DynauthPageLayout.Page.ERROR, 413, "Request too large",
                "<p>The request was too large.</p>");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (int i = 0; e != null && i < 10; i++, e = e.getCause()) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }
}
