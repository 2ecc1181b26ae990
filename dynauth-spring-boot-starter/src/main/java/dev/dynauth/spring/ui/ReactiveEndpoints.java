package dev.dynauth.spring.ui;

import dev.dynauth.AdapterUser;
import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.DynamoDbFaults;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.spring.web.RedirectPolicy;
import dev.dynauth.spring.web.RequestFacts;
import static dev.dynauth.spring.web.ServerExchanges.errorUrl;
import static dev.dynauth.spring.web.ServerExchanges.redirect;
import static dev.dynauth.spring.web.ServerExchanges.signedIn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The reactive side of the servlet's endpoints filter: {@code /api/auth/csrf}, the sign-in, check-your-email,
 * sign-out and error pages, and magic links (request, confirmation page, callback). It sits in the security chain
 * after the CSRF filter and the security context, before OAuth2's redirect filter; the sign-out POST is the chain's
 * logout ({@link DynauthServerSignIn}). Magic-link requests and callbacks use the blocking adapter on
 * {@link Schedulers#boundedElastic()}: they are rare writes, never on an event-loop thread.
 */
final class ReactiveEndpoints implements WebFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ReactiveEndpoints.class);

    /** What the endpoints need; {@code magicLinks} null: magic links off. */
    record Options(MagicLinkService magicLinks, boolean confirmLinks, String signInPage, PublicUrl publicUrl,
                   Cookies cookies, ReactivePages pages, Supplier<List<SignInProviders.Provider>> providers,
                   ServerSecurityContextRepository contexts) {}

    private final Options o;

    ReactiveEndpoints(Options options) {
        this.o = options;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith(AuthPaths.BASE + "/")) {
            return chain.filter(exchange);
        }
        Mono<Void> handled;
        try {
            handled = handle(path, exchange);
        } catch (RuntimeException e) {
            handled = Mono.error(e);
        }
        // only this filter's own answers become error pages: what the rest of the chain does is the chain's
        return handled == null ? chain.filter(exchange) : handled.onErrorResume(e -> failed(exchange, path, e));
    }

    /** This filter's answer to the request; null when it is not one of its endpoints. */
    private Mono<Void> handle(String path, ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        if (read) {
            switch (path) {
                case AuthPaths.CSRF -> { return csrfJson(exchange); }
                case AuthPaths.SIGNIN -> { return signInPage(exchange, query.getFirst("callbackUrl"),
                        query.getFirst("error"), null, 200); }
                case AuthPaths.VERIFY_REQUEST -> {
                    HttpCookie sent = exchange.getRequest().getCookies().getFirst(Cookies.SENT_TO);
                    return page(exchange, DynauthPageLayout.Page.VERIFY_REQUEST, 200, "Check your email",
                            PageBodies.verifyRequest(sent == null ? null : PageBodies.address(sent.getValue()),
                                    o.magicLinks() != null && o.magicLinks().linksLogged()));
                }
                case AuthPaths.SIGNOUT -> { return signOutPage(exchange, query.getFirst("callbackUrl")); }
                case AuthPaths.ERROR -> { return errorPage(exchange, query.getFirst("error")); }
                case AuthPaths.CALLBACK_EMAIL -> {
                    if (o.magicLinks() != null) {
                        // only a GET may consume a link: a HEAD (a mail scanner probing it) gets the page, unused
                        return o.confirmLinks() || HttpMethod.HEAD.equals(method) ? confirmPage(exchange, query)
                                : emailCallback(exchange, query);
                    }
                }
                default -> {
                    if (path.startsWith(AuthPaths.SIGNIN + "/") && !AuthPaths.SIGNIN_EMAIL.equals(path)) {
                        return oauthStart(path.substring(AuthPaths.SIGNIN.length() + 1), exchange);
                    }
                }
            }
        } else if (HttpMethod.POST.equals(method) && o.magicLinks() != null
                && (AuthPaths.SIGNIN_EMAIL.equals(path) || AuthPaths.CALLBACK_EMAIL.equals(path) && o.confirmLinks())) {
            return exchange.getFormData().flatMap(form -> AuthPaths.SIGNIN_EMAIL.equals(path)
                    ? requestLink(exchange, form) : emailCallback(exchange, form));
        }
        return null;
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
        return errorPage(exchange, code);
    }

    // ---- pages --------------------------------------------------------------------------------------------

    private Mono<Void> page(ServerWebExchange exchange, DynauthPageLayout.Page page, int status, String title,
                            String body) {
        return o.pages().page(exchange, page, status, title, body);
    }

    private Mono<Void> errorPage(ServerWebExchange exchange, String code) {
        return o.pages().error(exchange, code);
    }

    /** The sign-in page, headed by the message of {@code error} (null: none); {@code typed}: the address to keep. */
    private Mono<Void> signInPage(ServerWebExchange exchange, String callbackUrl, String error, String typed,
                                  int status) {
        String safe = RedirectPolicy.safeTarget(trustedOrigin(exchange), callbackUrl, "/");
        return csrf(exchange).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(csrf -> page(exchange, DynauthPageLayout.Page.SIGN_IN, status, "Sign in",
                        PageBodies.signIn(contextPath(exchange), error, csrf.orElse(null), safe,
                                o.magicLinks() != null, typed, o.providers().get(), false)));
    }

    private Mono<Void> signOutPage(ServerWebExchange exchange, String callbackUrl) {
        String contextPath = contextPath(exchange);
        return currentUser().map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()).flatMap(user -> {
            if (user.isEmpty()) {
                return page(exchange, DynauthPageLayout.Page.SIGN_OUT, 200, "Signed out",
                        PageBodies.signedOut(AuthErrors.signInHref(contextPath, o.signInPage())));
            }
            String safe = callbackUrl == null || callbackUrl.isEmpty() ? null
                    : RedirectPolicy.safeTarget(trustedOrigin(exchange), callbackUrl, contextPath + AuthPaths.SIGNOUT);
            return csrf(exchange).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(csrf -> page(exchange, DynauthPageLayout.Page.SIGN_OUT, 200, "Sign out",
                            PageBodies.signOut(contextPath, safe, csrf.orElse(null))));
        });
    }

    /** {@code {"csrfToken": "..."}} as Auth.js's endpoint; the token is also in the CSRF cookie the chain sets. */
    private Mono<Void> csrfJson(ServerWebExchange exchange) {
        return csrf(exchange).map(FormCsrf::token).defaultIfEmpty("").flatMap(token -> {
            byte[] bytes = ("{\"csrfToken\":" + dev.dynauth.spring.session.SessionJson.string(token) + "}").getBytes(StandardCharsets.UTF_8);
            ServerHttpResponse response = exchange.getResponse();
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            response.getHeaders().setCacheControl("no-store");
            return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
        });
    }

    // ---- OAuth2 start -------------------------------------------------------------------------------------

    /** An unknown provider is a 404 page; a known one goes on to the OAuth2 redirect filter once the host is trusted. */
    private Mono<Void> oauthStart(String registrationId, ServerWebExchange exchange) {
        if (registrationId.isEmpty() || registrationId.length() > 100 || o.providers().get().stream().noneMatch(p -> p.registrationId().equals(registrationId))) {
            return page(exchange, DynauthPageLayout.Page.ERROR, 404, "Not found",
                    "<p>There is no such sign-in provider.</p><p><a href=\"" + Html.esc(contextPath(exchange)
                            + AuthPaths.SIGNIN) + "\">Sign in</a></p>");
        }
        o.publicUrl().origin(RequestFacts.of(exchange.getRequest())); // UntrustedHostException before any redirect URI
        return null;
    }

    // ---- magic links --------------------------------------------------------------------------------------

    private Mono<Void> requestLink(ServerWebExchange exchange, MultiValueMap<String, String> form) {
        RequestFacts facts = RequestFacts.of(exchange.getRequest());
        String callbackUrl = RedirectPolicy.safeTarget(trustedOrigin(exchange), form.getFirst("callbackUrl"), "/");
        // the link's host is the public URL's, never the Host header's (an attacker's host would receive the token)
        String callbackBase = o.publicUrl().absolute(facts, AuthPaths.CALLBACK_EMAIL);
        String email = form.getFirst("email");
        String client = exchange.getRequest().getRemoteAddress() == null
                || exchange.getRequest().getRemoteAddress().getAddress() == null ? null
                : exchange.getRequest().getRemoteAddress().getAddress().getHostAddress();
        return Mono.fromCallable(() -> o.magicLinks().request(email, callbackBase, callbackUrl, client))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(identifier -> {
                    exchange.getResponse().addCookie(SignInPages.addressCookie(
                            o.cookies().cookie(o.cookies().secure(facts.secure()), Cookies.SENT_TO, "", java.time.Duration.ZERO),
                            facts.contextPath(), identifier));
                    return redirect(exchange, facts.contextPath() + AuthPaths.VERIFY_REQUEST + "?provider=email&type=email");
                })
                .onErrorResume(MagicLinkService.RefusedException.class, e -> {
                    String code = e.refusal() == MagicLinkService.Refusal.RATE_LIMITED ? AuthErrors.RATE_LIMITED
                            : AuthErrors.EMAIL_SIGNIN;
                    if (AuthPaths.SIGNIN.equals(o.signInPage())) {
                        // the starter's own sign-in page again, saying what went wrong and keeping what was typed
                        return signInPage(exchange, callbackUrl, code, email, AuthErrors.info(code).status());
                    }
                    return redirect(exchange, errorUrl(exchange, code));
                })
                .onErrorResume(e -> !(e instanceof MagicLinkService.RefusedException), e -> {
                    // a server fault, never the address's: not the EmailSignin page, which asks to check the address
                    LOG.error("dynauth: sending a sign-in link failed: {}", e.getClass().getName());
                    return redirect(exchange, errorUrl(exchange, DynamoDbFaults.unavailable(e) ? AuthErrors.UNAVAILABLE
                            : AuthErrors.CONFIGURATION));
                });
    }

    private Mono<Void> confirmPage(ServerWebExchange exchange, MultiValueMap<String, String> query) {
        String token = query.getFirst("token");
        String identifier = o.magicLinks().linkAddress(query.getFirst("email"), token).orElse(null);
        if (identifier == null) {
            return errorPage(exchange, AuthErrors.VERIFICATION);
        }
        String safe = RedirectPolicy.safeTarget(trustedOrigin(exchange), query.getFirst("callbackUrl"),
                contextPath(exchange) + "/");
        exchange.getResponse().getHeaders().set("Referrer-Policy", "no-referrer");
        return csrf(exchange).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(csrf -> page(exchange, DynauthPageLayout.Page.SIGN_IN, 200, "Confirm sign-in",
                        PageBodies.magicLinkConfirm(contextPath(exchange), token, identifier, safe, csrf.orElse(null))));
    }

    /** Consumes the link (blocking adapter, off the event loop) and issues the session through the repository. */
    private Mono<Void> emailCallback(ServerWebExchange exchange, MultiValueMap<String, String> params) {
        String target = RedirectPolicy.safeTarget(trustedOrigin(exchange), params.getFirst("callbackUrl"),
                contextPath(exchange) + "/");
        return Mono.fromCallable(() -> o.magicLinks().verify(params.getFirst("email"), params.getFirst("token")))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(user -> user.isEmpty() ? redirect(exchange, errorUrl(exchange, AuthErrors.VERIFICATION))
                        : o.contexts().save(exchange, new SecurityContextImpl(signedIn(user.get())))
                                .then(redirect(exchange, target)));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static String contextPath(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().contextPath().value();
    }

    private String trustedOrigin(ServerWebExchange exchange) {
        return o.publicUrl().trustedOrigin(RequestFacts.of(exchange.getRequest()));
    }

    /** The request's CSRF token (the chain's CSRF filter puts it on the exchange); empty without CSRF protection. */
    private static Mono<FormCsrf> csrf(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return token == null ? Mono.empty() : token.map(FormCsrf::from);
    }

    /** The signed-in user of the request's security context, if any. */
    private static Mono<AdapterUser> currentUser() {
        return ReactiveSecurityContextHolder.getContext().map(SecurityContext::getAuthentication)
                .filter(Authentication::isAuthenticated)
                .flatMap(a -> a.getPrincipal() instanceof AdapterUser u ? Mono.just(u) : Mono.empty());
    }
}
