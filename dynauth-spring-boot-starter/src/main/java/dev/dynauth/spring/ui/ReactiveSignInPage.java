package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.RedirectPolicy;
import dev.dynauth.spring.web.RequestFacts;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /api/auth/signin} on a reactive chain, and the same page again after a refused link request. */
record ReactiveSignInPage(EndpointOptions options, ReactivePages pages) {

    Mono<Void> serve(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return render(exchange, query.getFirst("callbackUrl"), query.getFirst("error"), null, 200);
    }

    /** The sign-in page, headed by the message of {@code error} (null: none); {@code typed}: the address to keep. */
    Mono<Void> render(ServerWebExchange exchange, String callbackUrl, String error, String typed, int status) {
        String safe = RedirectPolicy.safeTarget(trustedOrigin(exchange), callbackUrl, "/");
        return ReactivePages.csrf(exchange).flatMap(csrf -> pages.page(exchange, DynauthPageLayout.Page.SIGN_IN, status,
                "Sign in", PageBodies.signIn(ReactivePages.contextPath(exchange), error, csrf.orElse(null), safe,
                        options.magicLinks != null, typed, options.providers.all(), false)));
    }

    /** The origin a {@code callbackUrl} may point to (the public URL's, or the request's where that is trusted). */
    String trustedOrigin(ServerWebExchange exchange) {
        return options.publicUrl.trustedOrigin(RequestFacts.of(exchange.getRequest()));
    }
}
