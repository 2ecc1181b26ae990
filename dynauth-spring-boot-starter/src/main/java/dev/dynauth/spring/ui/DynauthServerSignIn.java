package dev.dynauth.spring.ui;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.spring.web.RedirectPolicy;
import dev.dynauth.spring.web.RequestFacts;
import dev.dynauth.spring.web.ServerExchanges;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The sign-in side of dynauth on a reactive (WebFlux) security chain, as {@code DynauthConfigurer} on the servlet
 * side: the CSRF token in a cookie (no WebSession), the endpoints and pages under {@code /api/auth}
 * ({@code csrf}, {@code signin}, {@code signin/email}, {@code callback/email}, {@code verify-request},
 * {@code signout}, {@code error}), the sign-out POST (revoking through the application's {@link ServerLogoutHandler}
 * beans), and OAuth2 / OIDC login when providers are registered. Sessions are the application's
 * {@link ServerSecurityContextRepository} bean's: a sign-in saves a context whose principal is the
 * {@link dev.dynauth.AdapterUser}.
 */
public final class DynauthServerSignIn {
    private DynauthServerSignIn() {}

    /** Applies the sign-in side to a reactive chain (the default chain does; an application's own chain may). */
    public static void configure(ServerHttpSecurity http, ApplicationContext context) {
        DynauthProperties properties = context.getBean(DynauthProperties.class);
        PublicUrl publicUrl = context.getBean(PublicUrl.class);
        Cookies cookies = context.getBean(Cookies.class);
        ServerSecurityContextRepository contexts = context.getBean(ServerSecurityContextRepository.class);

        CookieServerCsrfTokenRepository csrf = new CookieServerCsrfTokenRepository();
        csrf.setCookiePath("/");
        csrf.setCookieCustomizer(cookies.csrfCookie());
        http.csrf(c -> c.csrfTokenRepository(csrf));

        // the session core's handler revokes the session and clears its cookies; without one, the repository is
        // told the context is gone (its save(exchange, null))
        List<ServerLogoutHandler> handlers = new ArrayList<>(
                context.getBeanProvider(ServerLogoutHandler.class).orderedStream().toList());
        if (handlers.isEmpty()) {
            SecurityContextServerLogoutHandler clearContext = new SecurityContextServerLogoutHandler();
            clearContext.setSecurityContextRepository(contexts);
            handlers.add(clearContext);
        }
        http.logout(l -> l.requiresLogout(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, AuthPaths.SIGNOUT))
                .logoutHandler(new DelegatingServerLogoutHandler(handlers))
                // as Auth.js: to callbackUrl when given, else the sign-out page, which says "You are signed out"
                .logoutSuccessHandler((exchange, authentication) -> exchange.getExchange().getFormData()
                        .flatMap(form -> ServerExchanges.redirect(exchange.getExchange(), RedirectPolicy.safeTarget(
                                publicUrl.trustedOrigin(RequestFacts.of(exchange.getExchange().getRequest())),
                                form.getFirst("callbackUrl"),
                                exchange.getExchange().getRequest().getPath().contextPath().value() + AuthPaths.SIGNOUT)))));

        MagicLinkService magicLinks = context.getBeanProvider(MagicLinkService.class).getIfAvailable();
        // the OAuth2 client is an optional dependency: OAuth2Providers names its classes
        boolean oauth2 = org.springframework.util.ClassUtils.isPresent(
                "org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository",
                DynauthServerSignIn.class.getClassLoader()) && OAuth2Providers.registered(context);
        Supplier<List<SignInProviders.Provider>> providers = oauth2 ? OAuth2Providers.of(context) : List::of;
        ReactivePages pages = new ReactivePages(context.getBeanProvider(ServerPageLayout.class)
                .getIfAvailable(ServerPageLayout::standard), properties.getSignInPage());
        http.addFilterAt(new ReactiveRequestGuard(pages), SecurityWebFiltersOrder.FIRST);
        http.addFilterBefore(new ReactiveEndpoints(new ReactiveEndpoints.Options(magicLinks,
                properties.getMagicLink().isConfirm(), properties.getSignInPage(), publicUrl, cookies, pages,
                providers, contexts)), SecurityWebFiltersOrder.HTTP_BASIC);
        if (oauth2) {
            dev.dynauth.spring.oauth2.DynauthServerOAuth2.configure(http, context);
        }
    }
}
