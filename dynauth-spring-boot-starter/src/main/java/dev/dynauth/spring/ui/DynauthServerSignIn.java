package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.spring.web.RedirectPolicy;
import dev.dynauth.spring.web.RequestFacts;
import dev.dynauth.spring.web.ServerExchanges;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The sign-in side of dynauth on a reactive (WebFlux) security chain, as {@code DynauthConfigurer} on the servlet
 * side: the CSRF token in a cookie (no WebSession), the sign-out POST (revoking through the application's
 * {@link ServerLogoutHandler} beans), and each feature's part of the chain: the endpoints and pages under
 * {@code /api/auth} ({@code csrf}, {@code signin}, {@code signin/email}, {@code callback/email},
 * {@code verify-request}, {@code signout}, {@code error}) and OAuth2 / OIDC login when providers are registered.
 * Sessions are the application's {@link ServerSecurityContextRepository}'s: a sign-in saves a context whose principal
 * is the {@link dev.dynauth.AdapterUser}.
 *
 * <p>The starter's default reactive chain applies it; in a chain of your own, inject the bean and apply it after
 * setting the session repository:
 *
 * <pre>{@code
 * @Bean
 * SecurityWebFilterChain app(ServerHttpSecurity http, DynauthServerSecurityContextRepository sessions,
 *                            DynauthServerSignIn signIn) {
 *     http.securityContextRepository(sessions);
 *     signIn.configure(http);
 *     return http.authorizeExchange(a -> a.pathMatchers("/api/auth/**").permitAll().anyExchange().authenticated())
 *             .build();
 * }
 * }</pre>
 */
public final class DynauthServerSignIn {

    /**
     * A feature's part of a reactive chain, contributed as a bean by that feature's auto-configuration only when the
     * feature is on and its dependency is present (applied in bean order), as {@code DynauthConfigurer.Feature} on the
     * servlet side. The starter's own extension point: an application configures its chain itself.
     */
    @FunctionalInterface
    public interface Feature {
        void configure(ServerHttpSecurity http);
    }

    private final ServerSecurityContextRepository contexts;
    private final List<ServerLogoutHandler> logoutHandlers;
    private final PublicUrl publicUrl;
    private final Cookies cookies;
    private final List<Feature> features;

    /**
     * @param logoutHandlers what the sign-out POST runs, in order (none: the repository is told the context is gone)
     * @param features       in the order they apply (the auto-configuration passes its {@link Feature} beans in order)
     */
    public DynauthServerSignIn(ServerSecurityContextRepository contexts, List<? extends ServerLogoutHandler> logoutHandlers,
                               PublicUrl publicUrl, Cookies cookies, List<? extends Feature> features) {
        this.contexts = contexts;
        this.logoutHandlers = List.copyOf(logoutHandlers);
        this.publicUrl = publicUrl;
        this.cookies = cookies;
        this.features = List.copyOf(features);
    }

    /**
     * Applies the sign-in side to a reactive chain with the context's {@code DynauthServerSignIn} bean.
     *
     * @deprecated inject the {@code DynauthServerSignIn} bean and call {@link #configure(ServerHttpSecurity)}
     */
    @Deprecated(since = "0.2.0")
    public static void configure(ServerHttpSecurity http, ApplicationContext context) {
        context.getBean(DynauthServerSignIn.class).configure(http);
    }

    /** Applies the sign-in side to a reactive chain (the default chain does; an application's own chain may). */
    public void configure(ServerHttpSecurity http) {
        CookieServerCsrfTokenRepository csrf = new CookieServerCsrfTokenRepository();
        csrf.setCookiePath("/");
        csrf.setCookieCustomizer(cookies.csrfCookie());
        http.csrf(c -> c.csrfTokenRepository(csrf));

        // the session core's handler revokes the session and clears its cookies; without one, the repository is
        // told the context is gone (its save(exchange, null))
        List<ServerLogoutHandler> handlers = new ArrayList<>(logoutHandlers);
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
        for (Feature feature : features) {
            feature.configure(http);
        }
    }
}
