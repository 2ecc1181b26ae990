package dev.dynauth.spring;

import dev.dynauth.spring.ui.AuthErrors;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.ui.DynauthEndpointsFilter;
import dev.dynauth.spring.web.DynauthGuardFilter;
import dev.dynauth.spring.oauth2.DynauthOAuth2;
import dev.dynauth.spring.ui.DynauthPageLayout;
import dev.dynauth.spring.passkey.DynauthPasskeysPage;
import dev.dynauth.spring.web.DynauthRequestCache;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.passkey.DynauthWebAuthn;
import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.autoconfigure.OptionalDependencies;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.spring.web.RedirectPolicy;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.session.SessionManagementFilter;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Applies dynauth to a {@link HttpSecurity}: Auth.js database sessions in the session cookie, no
 * HttpSession (stateless; CSRF token, saved request and OAuth2 authorization request in cookies),
 * the {@code /api/auth/*} endpoints, magic links, OAuth2 login with Auth.js's account rules when
 * providers are registered, and sign-out.
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain app(HttpSecurity http, DynauthConfigurer dynauth) throws Exception {
 *     http.with(dynauth, d -> {})
 *         .authorizeHttpRequests(a -> a.requestMatchers("/api/auth/**").permitAll().anyRequest().authenticated());
 *     return http.build();
 * }
 * }</pre>
 */
public class DynauthConfigurer extends AbstractHttpConfigurer<DynauthConfigurer, HttpSecurity> {

    private final ApplicationContext context;

    public DynauthConfigurer(ApplicationContext context) {
        this.context = context;
    }

    /**
     * Turns HttpSession creation off as soon as dynauth is applied, before any configurer initialises:
     * the session management configurer picks its repository in its own {@code init}.
     */
    @Override
    public void setBuilder(HttpSecurity http) {
        super.setBuilder(http);
        try {
            // STATELESS forces a SessionManagementFilter that would read the security context on every
            // request (a DynamoDB read even on public pages): give it dynauth's repository, whose
            // containsContext is true whenever there is a session cookie, so it never resolves one.
            http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                    .withObjectPostProcessor(new ObjectPostProcessor<SessionManagementFilter>() {
                        @Override
                        public <O extends SessionManagementFilter> O postProcess(O filter) {
                            @SuppressWarnings("unchecked")
                            O replaced = (O) new SessionManagementFilter(
                                    context.getBean(DynauthSecurityContextRepository.class));
                            return replaced;
                        }
                    }));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the filter chain stateless", e);
        }
    }

    @Override
    public void init(HttpSecurity http) {
        DynauthSecurityContextRepository repository = context.getBean(DynauthSecurityContextRepository.class);
        DynauthSessions sessions = context.getBean(DynauthSessions.class);
        CookieCsrfTokenRepository csrfRepository = new CookieCsrfTokenRepository();
        csrfRepository.setCookiePath("/");
        // behind a TLS proxy the request is plain http: an https public URL still makes the cookie Secure
        java.util.Optional<Boolean> secure = context.getBean(Cookies.class).fixedSecure();
        csrfRepository.setCookieCustomizer(c -> {
            c.sameSite("Lax");
            secure.ifPresent(c::secure); // else Spring's rule: the request's scheme
        });
        DynauthRequestCache requestCache = new DynauthRequestCache();
        String signInPath = context.getBean(DynauthProperties.class).getSignInPage();
        LoginUrlAuthenticationEntryPoint signInPage = new LoginUrlAuthenticationEntryPoint(signInPath);
        // a relative Location: never an absolute URL built from the request's Host header
        signInPage.setFavorRelativeUris(true);

        http.securityContext(c -> c.securityContextRepository(repository))
                .csrf(c -> c.csrfTokenRepository(csrfRepository))
                .requestCache(c -> c.requestCache(requestCache))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                    // a request with an Authorization header is an API client (a Bearer token that signs nobody in): 401
                    String accept = request.getHeader("Authorization") != null ? null : request.getHeader("Accept");
                    if (accept != null && accept.contains("text/html") && !isRead(request)) {
                        // a form posted after the session ended: the sign-in page says why nothing happened
                        response.sendRedirect(sessionRequired(request, signInPath));
                    } else if (accept != null && accept.contains("text/html")) {
                        signInPage.commence(request, response, ex);
                    } else {
                        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                    }
                }))
                .logout(l -> l.logoutRequestMatcher(PathPatternRequestMatcher.withDefaults()
                                .matcher(HttpMethod.POST, AuthPaths.SIGNOUT))
                        .addLogoutHandler((request, response, authentication) -> sessions.signOut(request, response))
                        // as Auth.js: to callbackUrl when given, else the sign-out page, which says "You are signed out"
                        .logoutSuccessHandler((request, response, authentication) -> response.sendRedirect(
                                RedirectPolicy.safeTarget(request, request.getParameter("callbackUrl"),
                                        request.getContextPath() + AuthPaths.SIGNOUT))));

        // the OAuth2 client is an optional dependency: its classes are named only where it is present
        if (OptionalDependencies.present(OptionalDependencies.OAUTH2_CLIENT)) {
            ClientRegistrationRepository registrations = context.getBeanProvider(ClientRegistrationRepository.class)
                    .getIfAvailable();
            if (registrations != null) {
                DynauthOAuth2.configure(http, context, registrations);
            }
        }
        DynauthWebAuthn webAuthn = webAuthn();
        if (webAuthn != null) {
            webAuthn.configure(http);
        }
    }

    private static boolean isRead(jakarta.servlet.http.HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    /** The sign-in page with Auth.js's {@code SessionRequired} error code. */
    private static String sessionRequired(jakarta.servlet.http.HttpServletRequest request, String signInPage) {
        String page = signInPage.startsWith("/") ? request.getContextPath() + signInPage : signInPage;
        return page + (page.contains("?") ? "&" : "?") + "error=" + AuthErrors.SESSION_REQUIRED;
    }

    @Override
    public void configure(HttpSecurity http) {
        DynauthSecurityContextRepository repository = context.getBean(DynauthSecurityContextRepository.class);
        MagicLinkService magicLinks = context.getBeanProvider(MagicLinkService.class).getIfAvailable();
        if (magicLinks != null && !magicLinks.canSend()) {
            magicLinks = null; // no sender: the sign-in page offers only what can work (the start-up log said why)
        }
        ClientRegistrationRepository registrations = OptionalDependencies.present(OptionalDependencies.OAUTH2_CLIENT)
                ? context.getBeanProvider(ClientRegistrationRepository.class).getIfAvailable() : null;
        DynauthPageLayout layout = context.getBeanProvider(DynauthPageLayout.class).getIfAvailable(DynauthPageLayout::standard);
        DynauthProperties properties = context.getBean(DynauthProperties.class);
        http.addFilterBefore(new DynauthGuardFilter(context.getBean(PublicUrl.class), context.getBean(Cookies.class),
                        layout, properties.getSignInPage()),
                SecurityContextHolderFilter.class);
        http.addFilterBefore(new DynauthSecurityContextRepository.ResponseHolderFilter(), SecurityContextHolderFilter.class);
        // right after the LogoutFilter: the slot before OAuth2's OAuth2AuthorizationRequestRedirectFilter, named
        // without that class, which an application without the OAuth2 client does not have
        http.addFilterAfter(new DynauthEndpointsFilter(magicLinks, context.getBean(DynauthSessions.class), repository,
                registrations, properties.getSignInPage(), webAuthn() != null, layout)
                        .confirmMagicLinks(properties.getMagicLink().isConfirm()),
                LogoutFilter.class);
        DynauthWebAuthn webAuthn = webAuthn();
        if (webAuthn != null) {
            java.time.Clock clock = context.getBean(java.time.Clock.class);
            http.addFilterAfter(new DynauthPasskeysPage(webAuthn.credentials(), repository, clock, layout,
                    properties.getSignInPage(), context.getBean(DynauthSessions.class)), LogoutFilter.class);
        }
    }

    /** Passkeys, or null when they are off or the (optional) WebAuthn module is missing. */
    private DynauthWebAuthn webAuthn() {
        return OptionalDependencies.present(OptionalDependencies.WEBAUTHN)
                ? context.getBeanProvider(DynauthWebAuthn.class).getIfAvailable() : null;
    }
}
