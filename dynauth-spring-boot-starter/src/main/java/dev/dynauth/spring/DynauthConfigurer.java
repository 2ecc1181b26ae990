package dev.dynauth.spring;

import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.RedirectPolicy;

import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.SessionManagementFilter;

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
 *
 * <p>Each feature (cookies and error pages, the endpoints, OAuth2 login, passkeys) adds its part of the chain
 * through a {@link Feature} that its own auto-configuration contributes only when the feature is on and its
 * dependency is present; the configurer itself knows the session (context repository and sign-out) only.
 */
public class DynauthConfigurer extends AbstractHttpConfigurer<DynauthConfigurer, HttpSecurity> {

    /**
     * A feature's part of a filter chain, contributed as a bean by that feature's auto-configuration (applied in
     * bean order). The starter's own extension point: an application configures its chain itself.
     */
    public interface Feature {
        /** Configures the chain's configurers (called from {@link DynauthConfigurer#init}). */
        default void init(HttpSecurity http) {
        }

        /** Adds the feature's filters (called from {@link DynauthConfigurer#configure}). */
        default void configure(HttpSecurity http) {
        }
    }

    private final DynauthSecurityContextRepository contexts;
    private final DynauthSessions sessions;
    private final List<Feature> features;

    /**
     * @param features in the order they apply (the auto-configuration passes its {@link Feature} beans in order)
     */
    public DynauthConfigurer(DynauthSecurityContextRepository contexts, DynauthSessions sessions,
                             List<? extends Feature> features) {
        this.contexts = contexts;
        this.sessions = sessions;
        this.features = List.copyOf(features);
    }

    /**
     * The configurer over the context's beans, looked up once.
     *
     * @deprecated inject the {@code DynauthConfigurer} bean instead (a prototype: one per filter chain)
     */
    @Deprecated(since = "0.2.0")
    public DynauthConfigurer(ApplicationContext context) {
        this(context.getBean(DynauthSecurityContextRepository.class), context.getBean(DynauthSessions.class),
                context.getBeanProvider(Feature.class).orderedStream().toList());
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
                            O replaced = (O) new SessionManagementFilter(contexts);
                            return replaced;
                        }
                    }));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the filter chain stateless", e);
        }
    }

    @Override
    public void init(HttpSecurity http) {
        http.securityContext(c -> c.securityContextRepository(contexts))
                .logout(l -> l.logoutRequestMatcher(PathPatternRequestMatcher.withDefaults()
                                .matcher(HttpMethod.POST, AuthPaths.SIGNOUT))
                        .addLogoutHandler((request, response, authentication) -> sessions.signOut(request, response))
                        // as Auth.js: to callbackUrl when given, else the sign-out page, which says "You are signed out"
                        .logoutSuccessHandler((request, response, authentication) -> response.sendRedirect(
                                RedirectPolicy.safeTarget(request, request.getParameter("callbackUrl"),
                                        request.getContextPath() + AuthPaths.SIGNOUT))));
        for (Feature feature : features) {
            feature.init(http);
        }
    }

    @Override
    public void configure(HttpSecurity http) {
        for (Feature feature : features) {
            feature.configure(http);
        }
        // after the features: the web feature's guard filter (400/404/503 pages) stays in front of it
        http.addFilterBefore(new DynauthSecurityContextRepository.ResponseHolderFilter(), SecurityContextHolderFilter.class);
    }
}
