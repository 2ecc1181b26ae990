package dev.dynauth.spring.ui;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes the starter's pages to a reactive response, as {@link Html#page} does to a servlet one. */
record ReactivePages(ServerPageLayout layout, String signInPage) {

    Mono<Void> page(ServerWebExchange exchange, DynauthPageLayout.Page page, int status, String title, String body) {
        byte[] bytes = layout.render(exchange, page, title, body).getBytes(StandardCharsets.UTF_8);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.valueOf(status));
        response.getHeaders().setContentType(MediaType.parseMediaType("text/html;charset=UTF-8"));
        response.getHeaders().setCacheControl("no-store");
        response.getHeaders().setContentLength(bytes.length);
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return response.setComplete();
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    /** The error page of an Auth.js error code (unknown codes: the default page), with a link to the sign-in page. */
    Mono<Void> error(ServerWebExchange exchange, String code) {
        AuthErrors.Info info = AuthErrors.info(code);
        return page(exchange, DynauthPageLayout.Page.ERROR, info.status(), info.title(), AuthErrors.body(info,
                AuthErrors.signInHref(contextPath(exchange), signInPage)));
    }

    static String contextPath(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().contextPath().value();
    }

    /** The request's CSRF token (the chain's CSRF filter puts it on the exchange); empty without CSRF protection. */
    static Mono<Optional<FormCsrf>> csrf(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return (token == null ? Mono.<FormCsrf>empty() : token.map(FormCsrf::from))
                .map(Optional::of).defaultIfEmpty(Optional.empty());
    }
}
