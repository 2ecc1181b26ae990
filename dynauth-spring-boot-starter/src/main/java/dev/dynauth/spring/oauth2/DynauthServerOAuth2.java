package dev.dynauth.spring.oauth2;

import dev.dynauth.AdapterUser;
import dev.dynauth.spring.ui.AuthErrors;
import dev.dynauth.spring.ui.DynauthServerSignIn;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.spring.web.RedirectPolicy;
import dev.dynauth.spring.web.RequestFacts;
import static dev.dynauth.spring.web.ServerExchanges.errorUrl;
import static dev.dynauth.spring.web.ServerExchanges.redirect;
import static dev.dynauth.spring.web.ServerExchanges.signedIn;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * OAuth2 / OIDC login on WebFlux with Spring Security's reactive OAuth2 client, at Auth.js's paths and with Auth.js's
 * account rules, as {@link DynauthOAuth2} on the servlet side: {@code GET /api/auth/signin/{registrationId}} starts
 * it, the provider calls back {@code /api/auth/callback/{registrationId}} (the redirect URI built on the public URL),
 * the authorization request travels in the same sealed, single-use cookie, and the sign-in links or creates the user
 * through the adapter ({@link AccountLinking}, on {@link Schedulers#boundedElastic()}) and issues the session through
 * the application's {@link ServerSecurityContextRepository}. The OAuth2 feature's part of each reactive chain
 * ({@link ReactiveOAuth2Configuration}).
 */
final class DynauthServerOAuth2 implements DynauthServerSignIn.Feature {

    private static final Logger LOG = LoggerFactory.getLogger(DynauthServerOAuth2.class);

    private final ReactiveClientRegistrationRepository registrations;
    private final ReactiveAuthorizationRequests requests;
    private final ReactiveAuthorizedClients authorizedClients;
    private final Handler handler;
    private final PublicUrl publicUrl;

    DynauthServerOAuth2(ReactiveClientRegistrationRepository registrations, AccountLinking linking,
                        ReactiveAuthorizationRequests requests, ReactiveAuthorizedClients authorizedClients,
                        ServerSecurityContextRepository contexts, PublicUrl publicUrl) {
        this.registrations = registrations;
        this.requests = requests;
        this.authorizedClients = authorizedClients;
        this.handler = new Handler(linking, contexts, publicUrl);
        this.publicUrl = publicUrl;
    }

    /** Configures {@code oauth2Login} on a reactive chain. */
    @Override
    public void configure(ServerHttpSecurity http) {
        http.oauth2Login(o -> o
                .authorizationRequestResolver(new PublicRedirectUris(registrations, publicUrl))
                .authorizationRequestRepository(requests)
                .authorizedClientRepository(authorizedClients)
                .authenticationMatcher(new PathPatternParserServerWebExchangeMatcher(
                        AuthPaths.BASE + "/callback/{registrationId}"))
                // the OAuth2 token is no session: the handler issues the Auth.js session for the adapter's user
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authenticationSuccessHandler(handler::success)
                .authenticationFailureHandler((exchange, e) -> {
                    String code = e instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException oe
                            && oe.getError() != null ? oe.getError().getErrorCode() : e.getClass().getSimpleName();
                    LOG.info("dynauth: OAuth2 sign-in failed: {}", code);
                    return redirect(exchange.getExchange(), errorUrl(exchange.getExchange(), AuthErrors.OAUTH_CALLBACK_ERROR));
                }));
    }

    /** Spring's resolver at Auth.js's start path, with {@code {baseUrl}} the public URL's and Auth.js's callback path. */
    static final class PublicRedirectUris implements ServerOAuth2AuthorizationRequestResolver {
        private final DefaultServerOAuth2AuthorizationRequestResolver delegate;
        private final PublicUrl publicUrl;

        PublicRedirectUris(ReactiveClientRegistrationRepository registrations, PublicUrl publicUrl) {
            this.delegate = new DefaultServerOAuth2AuthorizationRequestResolver(registrations,
                    new PathPatternParserServerWebExchangeMatcher(AuthPaths.SIGNIN + "/{registrationId}"));
            this.publicUrl = publicUrl;
        }

        @Override
        public Mono<OAuth2AuthorizationRequest> resolve(ServerWebExchange exchange) {
            // asked on every request: only the sign-in start paths build a redirect URI (and need a trusted origin)
            String path = exchange.getRequest().getPath().pathWithinApplication().value();
            if (!path.startsWith(AuthPaths.SIGNIN + "/") || path.equals(AuthPaths.SIGNIN_EMAIL)) {
                return Mono.empty();
            }
            return Mono.defer(() -> delegate.resolve(publicView(exchange))).map(r -> rewrite(exchange, r));
        }

        @Override
        public Mono<OAuth2AuthorizationRequest> resolve(ServerWebExchange exchange, String clientRegistrationId) {
            return Mono.defer(() -> delegate.resolve(publicView(exchange), clientRegistrationId)).map(r -> rewrite(exchange, r));
        }

        /** The exchange as the resolver sees it when expanding {@code {baseUrl}}: the public URL, never the Host header. */
        private ServerWebExchange publicView(ServerWebExchange exchange) {
            RequestFacts facts = RequestFacts.of(exchange.getRequest());
            String path = exchange.getRequest().getPath().pathWithinApplication().value();
            URI uri = URI.create(publicUrl.absolute(facts, path));
            return exchange.mutate().request(r -> r.uri(uri)).build();
        }

        private OAuth2AuthorizationRequest rewrite(ServerWebExchange exchange, OAuth2AuthorizationRequest r) {
            OAuth2AuthorizationRequest.Builder b = OAuth2AuthorizationRequest.from(r);
            if (r.getRedirectUri() != null && r.getRedirectUri().contains(DynauthOAuth2.SPRING_DEFAULT_CALLBACK)) {
                b.redirectUri(r.getRedirectUri().replace(DynauthOAuth2.SPRING_DEFAULT_CALLBACK, DynauthOAuth2.CALLBACK_PREFIX));
            }
            String callbackUrl = exchange.getRequest().getQueryParams().getFirst("callbackUrl");
            if (callbackUrl != null && !callbackUrl.isEmpty()) {
                String safe = RedirectPolicy.safeTarget(publicUrl.trustedOrigin(RequestFacts.of(exchange.getRequest())),
                        callbackUrl, null);
                if (safe != null) {
                    b.attributes(a -> a.put(DynauthOAuth2.CALLBACK_URL_ATTRIBUTE, safe));
                }
            }
            return b.authorizationRequestUri((String) null).build();
        }
    }

    /** Auth.js's account rules after a successful login, then the session through the repository. */
    record Handler(AccountLinking linking, ServerSecurityContextRepository contexts, PublicUrl publicUrl) {

        Mono<Void> success(WebFilterExchange webExchange, Authentication authentication) {
            ServerWebExchange exchange = webExchange.getExchange();
            if (!(authentication instanceof OAuth2AuthenticationToken token)) {
                return redirect(exchange, errorUrl(exchange, AuthErrors.CONFIGURATION));
            }
            OAuth2AuthorizedClient client = exchange.getAttribute(ReactiveAuthorizedClients.LOGIN_CLIENT);
            String sessionState = exchange.getRequest().getQueryParams().getFirst(DynauthOAuth2.SESSION_STATE_PARAMETER);
            String state = sessionState == null || sessionState.isEmpty() || sessionState.length() > 1024 ? null : sessionState;
            // who was signed in before this login: the session the request carried, as the repository reads it
            Mono<String> current = contexts.load(exchange).flatMap(c -> c.getAuthentication() != null
                    && c.getAuthentication().getPrincipal() instanceof AdapterUser u ? Mono.just(u.id()) : Mono.empty());
            return current.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(userId -> Mono.fromCallable(() -> linking.signIn(userId.orElse(null), token, client, state))
                            .subscribeOn(Schedulers.boundedElastic()))
                    .flatMap(outcome -> {
                        if (outcome.error() != null) {
                            return redirect(exchange, errorUrl(exchange, outcome.error()));
                        }
                        Mono<Void> session = outcome.signIn() == null ? Mono.empty()
                                : contexts.save(exchange, new SecurityContextImpl(signedIn(outcome.signIn())));
                        return session.then(Mono.defer(() -> redirect(exchange, target(exchange))));
                    })
                    .onErrorResume(e -> {
                        // e.g. DynamoDB unreachable: the error page, never a stack trace (nor the message: tokens)
                        LOG.error("dynauth: OAuth2 sign-in with {} failed: {}", token.getAuthorizedClientRegistrationId(),
                                e.getClass().getName());
                        return exchange.getResponse().isCommitted() ? Mono.empty()
                                : redirect(exchange, errorUrl(exchange, AuthErrors.CONFIGURATION));
                    });
        }

        private String target(ServerWebExchange exchange) {
            String fallback = exchange.getRequest().getPath().contextPath().value() + "/";
            Object consumed = exchange.getAttribute(ReactiveAuthorizationRequests.CONSUMED);
            String callbackUrl = consumed instanceof OAuth2AuthorizationRequest r
                    && r.getAttributes().get(DynauthOAuth2.CALLBACK_URL_ATTRIBUTE) instanceof String s ? s : null;
            return RedirectPolicy.safeTarget(publicUrl.trustedOrigin(RequestFacts.of(exchange.getRequest())), callbackUrl,
                    fallback);
        }
    }
}
