package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.DynamoDbFaults;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of the servlet guard's 503: "DynamoDB cannot be reached" (a call timed out, throttled or failed on
 * DynamoDB's side after the SDK's retries) anywhere behind it, the session lookup of the security chain included,
 * becomes the styled "temporarily unavailable" page ({@code {"error":"Unavailable"}} on {@code /api/auth/session}) with
 * {@code Retry-After} and one log line, never a 500 with a stack trace. Runs before Spring Security's filter chain.
 */
public final class DynauthReactiveUnavailableFilter implements WebFilter, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(DynauthReactiveUnavailableFilter.class);
    /** Before Spring Security's WebFilterChainProxy (-100). */
    public static final int ORDER = -200;

    private final String signInPage;

    public DynauthReactiveUnavailableFilter(String signInPage) {
        this.signInPage = signInPage == null ? AuthPaths.SIGNIN : signInPage;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).onErrorResume(DynamoDbFaults::unavailable, e -> {
            String path = exchange.getRequest().getPath().pathWithinApplication().value();
            LOG.warn("dynauth: {} {}: DynamoDB unavailable ({}): answered 503", exchange.getRequest().getMethod(), path,
                    e.getClass().getName());
            var response = exchange.getResponse();
            if (response.isCommitted()) {
                return Mono.error(e);
            }
            response.getHeaders().clear();
            response.getCookies().clear();
            response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            response.getHeaders().set("Retry-After", "30");
            response.getHeaders().setCacheControl("no-store");
            String body;
            if (AuthPaths.SESSION.equals(path)) {
                response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
                body = "{\"error\":\"Unavailable\"}";
            } else {
                AuthErrors.Info info = AuthErrors.INFO.get(AuthErrors.UNAVAILABLE);
                String signIn = signInPage.startsWith("/") ? exchange.getRequest().getPath().contextPath().value() + signInPage : signInPage;
                response.getHeaders().setContentType(MediaType.parseMediaType("text/html;charset=UTF-8"));
                body = Html.document(info.title(), "<p role=\"alert\">" + Html.esc(info.message()) + "</p><p><a href=\""
                        + Html.esc(signIn) + "\">Sign in</a></p>");
            }
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
        });
    }
}
