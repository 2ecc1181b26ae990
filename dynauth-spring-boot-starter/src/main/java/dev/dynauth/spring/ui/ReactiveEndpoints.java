package dev.dynauth.spring.ui;

import dev.dynauth.AdapterUser;
import dev.dynauth.spring.session.SessionJson;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.RedirectPolicy;
import dev.dynauth.spring.web.RequestFacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpCookie;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The pages and endpoints feature of a reactive chain, as {@link UiFeature} on the servlet side: the request guard
 * first, then one {@link ReactiveEndpointFilter} per endpoint with its own {@link EndpointMatcher}:
 * {@code /api/auth/csrf}, the sign-in, check-your-email, sign-out and error pages, magic links (request, link,
 * confirmation) and the start of an OAuth2 sign-in. They sit after the CSRF filter and the security context, before
 * OAuth2's redirect filter; the sign-out POST is the chain's logout ({@link DynauthServerSignIn}).
 */
final class ReactiveEndpoints implements DynauthServerSignIn.Feature {

    private final EndpointOptions options;
    private final ReactivePages pages;

    ReactiveEndpoints(EndpointOptions options) {
        this.options = options;
        this.pages = new ReactivePages(options.serverLayout, options.signInPage);
    }

    @Override
    public void configure(ServerHttpSecurity http) {
        http.addFilterAt(new ReactiveRequestGuard(pages), SecurityWebFiltersOrder.FIRST);
        for (ReactiveEndpointFilter filter : filters()) {
            http.addFilterBefore(filter, SecurityWebFiltersOrder.HTTP_BASIC);
        }
    }

    /** The endpoints' filters, in the order they sit in the chain. */
    List<ReactiveEndpointFilter> filters() {
        ReactiveSignInPage signIn = new ReactiveSignInPage(options, pages);
        List<ReactiveEndpointFilter> filters = new ArrayList<>();
        filters.add(new ReactiveEndpointFilter(EndpointMatcher.read(AuthPaths.CSRF), pages, ReactiveEndpoints::csrfJson));
        filters.add(new ReactiveEndpointFilter(EndpointMatcher.read(AuthPaths.SIGNIN), pages, signIn::serve));
        filters.add(new ReactiveEndpointFilter(EndpointMatcher.read(AuthPaths.VERIFY_REQUEST), pages, this::verifyRequest));
        filters.add(new ReactiveEndpointFilter(EndpointMatcher.read(AuthPaths.SIGNOUT), pages,
                exchange -> signOutPage(exchange, signIn)));
        filters.add(new ReactiveEndpointFilter(EndpointMatcher.read(AuthPaths.ERROR), pages,
                exchange -> pages.error(exchange, exchange.getRequest().getQueryParams().getFirst("error"))));
        if (options.magicLinks != null) {
            ReactiveMagicLinkEndpoints links = new ReactiveMagicLinkEndpoints(options, signIn);
            filters.add(new ReactiveEndpointFilter(EndpointMatcher.read(AuthPaths.CALLBACK_EMAIL), pages, links::link));
            filters.add(new ReactiveEndpointFilter(EndpointMatcher.post(AuthPaths.SIGNIN_EMAIL), pages, links::request));
            if (options.confirmMagicLinks) {
                filters.add(new ReactiveEndpointFilter(EndpointMatcher.post(AuthPaths.CALLBACK_EMAIL), pages,
                        links::confirmed));
            }
        }
        filters.add(new ReactiveEndpointFilter(EndpointMatcher.readUnder(AuthPaths.SIGNIN, AuthPaths.SIGNIN_EMAIL), pages,
                this::oauthStart));
        return filters;
    }

    /** {@code {"csrfToken": "..."}} as Auth.js's endpoint; the token is also in the CSRF cookie the chain sets. */
    private static Mono<Void> csrfJson(ServerWebExchange exchange) {
        return ReactivePages.csrf(exchange).map(csrf -> csrf.map(FormCsrf::token).orElse("")).flatMap(token -> {
            byte[] bytes = ("{\"csrfToken\":" + SessionJson.string(token) + "}").getBytes(StandardCharsets.UTF_8);
            ServerHttpResponse response = exchange.getResponse();
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            response.getHeaders().setCacheControl("no-store");
            return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
        });
    }

    private Mono<Void> verifyRequest(ServerWebExchange exchange) {
        HttpCookie sent = exchange.getRequest().getCookies().getFirst(Cookies.SENT_TO);
        return pages.page(exchange, DynauthPageLayout.Page.VERIFY_REQUEST, 200, "Check your email",
                PageBodies.verifyRequest(sent == null ? null : PageBodies.address(sent.getValue()),
                        options.magicLinks != null && options.magicLinks.linksLogged()));
    }

    /** The confirmation ("Sign out") for a signed-in user, else "You are signed out". */
    private Mono<Void> signOutPage(ServerWebExchange exchange, ReactiveSignInPage signIn) {
        String contextPath = ReactivePages.contextPath(exchange);
        String callbackUrl = exchange.getRequest().getQueryParams().getFirst("callbackUrl");
        return currentUser().map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(user -> {
            if (user.isEmpty()) {
                return pages.page(exchange, DynauthPageLayout.Page.SIGN_OUT, 200, "Signed out",
                        PageBodies.signedOut(AuthErrors.signInHref(contextPath, options.signInPage)));
            }
            String safe = callbackUrl == null || callbackUrl.isEmpty() ? null
                    : RedirectPolicy.safeTarget(signIn.trustedOrigin(exchange), callbackUrl, contextPath + AuthPaths.SIGNOUT);
            return ReactivePages.csrf(exchange).flatMap(csrf -> pages.page(exchange, DynauthPageLayout.Page.SIGN_OUT,
                    200, "Sign out", PageBodies.signOut(contextPath, safe, csrf.orElse(null))));
        });
    }

    /**
     * {@code GET /api/auth/signin/{id}}: an unknown provider is a 404 page; a known one goes on to the OAuth2 redirect
     * filter once the public URL its redirect URI needs is trusted.
     */
    private Mono<Void> oauthStart(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        String registrationId = path.substring(AuthPaths.SIGNIN.length() + 1);
        if (registrationId.isEmpty() || registrationId.length() > 100 || options.providers.find(registrationId).isEmpty()) {
            return pages.page(exchange, DynauthPageLayout.Page.ERROR, 404, "Not found",
                    "<p>There is no such sign-in provider.</p><p><a href=\"" + Html.esc(ReactivePages.contextPath(exchange)
                            + AuthPaths.SIGNIN) + "\">Sign in</a></p>");
        }
        options.publicUrl.origin(RequestFacts.of(exchange.getRequest())); // UntrustedHostException before any redirect URI
        return null;
    }

    /** The signed-in user of the request's security context, if any. */
    private static Mono<AdapterUser> currentUser() {
        return ReactiveSecurityContextHolder.getContext().map(SecurityContext::getAuthentication)
                .filter(Authentication::isAuthenticated)
                .flatMap(a -> a.getPrincipal() instanceof AdapterUser u ? Mono.just(u) : Mono.empty());
    }
}
