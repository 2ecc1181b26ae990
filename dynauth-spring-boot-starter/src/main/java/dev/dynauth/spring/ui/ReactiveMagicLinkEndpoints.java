package dev.dynauth.spring.ui;

import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.DynamoDbFaults;
import dev.dynauth.spring.web.RedirectPolicy;
import dev.dynauth.spring.web.RequestFacts;
import static dev.dynauth.spring.web.ServerExchanges.errorUrl;
import static dev.dynauth.spring.web.ServerExchanges.redirect;
import static dev.dynauth.spring.web.ServerExchanges.signedIn;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The magic-link endpoints on a reactive chain, as {@link MagicLinkEndpoints} on the servlet side:
 * {@code POST /api/auth/signin/email} sends a link; {@code /api/auth/callback/email} is the link (its GET signs in, or
 * with {@code dynauth.magic-link.confirm} shows "Sign in as ..." whose POST signs in). The adapter calls are rare writes
 * on the blocking adapter, run on {@link Schedulers#boundedElastic()}: never on an event-loop thread.
 */
final class ReactiveMagicLinkEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(ReactiveMagicLinkEndpoints.class);

    private final EndpointOptions o;
    private final MagicLinkService magicLinks;
    private final ReactiveSignInPage signInPage;

    ReactiveMagicLinkEndpoints(EndpointOptions options, ReactiveSignInPage signInPage) {
        this.o = options;
        this.magicLinks = options.magicLinks;
        this.signInPage = signInPage;
    }

    /** {@code POST /api/auth/signin/email}. */
    Mono<Void> request(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> request(exchange, form));
    }

    private Mono<Void> request(ServerWebExchange exchange, MultiValueMap<String, String> form) {
        RequestFacts facts = RequestFacts.of(exchange.getRequest());
        String callbackUrl = RedirectPolicy.safeTarget(signInPage.trustedOrigin(exchange), form.getFirst("callbackUrl"), "/");
        // the link's host is the public URL's, never the Host header's (an attacker's host would receive the token)
        String callbackBase = o.publicUrl.absolute(facts, AuthPaths.CALLBACK_EMAIL);
        String email = form.getFirst("email");
        String client = exchange.getRequest().getRemoteAddress() == null
                || exchange.getRequest().getRemoteAddress().getAddress() == null ? null
                : exchange.getRequest().getRemoteAddress().getAddress().getHostAddress();
        return Mono.fromCallable(() -> magicLinks.request(email, callbackBase, callbackUrl, client))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(identifier -> {
                    exchange.getResponse().addCookie(SignInPages.addressCookie(
                            o.cookies.cookie(o.cookies.secure(facts.secure()), Cookies.SENT_TO, "", Duration.ZERO),
                            facts.contextPath(), identifier));
                    return redirect(exchange, facts.contextPath() + AuthPaths.VERIFY_REQUEST + "?provider=email&type=email");
                })
                .onErrorResume(MagicLinkService.RefusedException.class, e -> {
                    String code = e.refusal() == MagicLinkService.Refusal.RATE_LIMITED ? AuthErrors.RATE_LIMITED
                            : AuthErrors.EMAIL_SIGNIN;
                    if (AuthPaths.SIGNIN.equals(o.signInPage)) {
                        // the starter's own sign-in page again, saying what went wrong and keeping what was typed
                        return signInPage.render(exchange, callbackUrl, code, email, AuthErrors.info(code).status());
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

    /** {@code GET /api/auth/callback/email}: only a GET may use a link up (a HEAD, a mail scanner's probe, may not). */
    Mono<Void> link(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return o.confirmMagicLinks || HttpMethod.HEAD.equals(exchange.getRequest().getMethod())
                ? confirmPage(exchange, query) : signIn(exchange, query);
    }

    /** {@code POST /api/auth/callback/email} (confirmation on): uses the link up and signs in. */
    Mono<Void> confirmed(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> signIn(exchange, form));
    }

    /** The confirmation page of a magic link: "Sign in as ...", whose button POSTs the link (and uses it up). */
    private Mono<Void> confirmPage(ServerWebExchange exchange, MultiValueMap<String, String> query) {
        String token = query.getFirst("token");
        String identifier = magicLinks.linkAddress(query.getFirst("email"), token).orElse(null);
        if (identifier == null) {
            return signInPage.pages().error(exchange, AuthErrors.VERIFICATION);
        }
        String contextPath = ReactivePages.contextPath(exchange);
        String safe = RedirectPolicy.safeTarget(signInPage.trustedOrigin(exchange), query.getFirst("callbackUrl"),
                contextPath + "/");
        exchange.getResponse().getHeaders().set("Referrer-Policy", "no-referrer");
        return ReactivePages.csrf(exchange).flatMap(csrf -> signInPage.pages().page(exchange,
                DynauthPageLayout.Page.SIGN_IN, 200, "Confirm sign-in",
                PageBodies.magicLinkConfirm(contextPath, token, identifier, safe, csrf.orElse(null))));
    }

    /** Consumes the link (blocking adapter, off the event loop) and issues the session through the repository. */
    private Mono<Void> signIn(ServerWebExchange exchange, MultiValueMap<String, String> params) {
        String target = RedirectPolicy.safeTarget(signInPage.trustedOrigin(exchange), params.getFirst("callbackUrl"),
                ReactivePages.contextPath(exchange) + "/");
        return Mono.fromCallable(() -> magicLinks.verify(params.getFirst("email"), params.getFirst("token")))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(user -> user.isEmpty() ? redirect(exchange, errorUrl(exchange, AuthErrors.VERIFICATION))
                        : o.serverContexts.save(exchange, new SecurityContextImpl(signedIn(user.get())))
                                .then(redirect(exchange, target)));
    }
}
