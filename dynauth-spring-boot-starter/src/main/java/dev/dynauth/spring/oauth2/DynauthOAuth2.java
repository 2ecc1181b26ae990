package dev.dynauth.spring.oauth2;

import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.DynauthRequestCache;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.spring.web.RedirectPolicy;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.savedrequest.CookieRequestCache;

/**
 * OAuth2 login at Auth.js's paths: {@code GET /api/auth/signin/{registrationId}} starts it and the
 * provider redirects to {@code /api/auth/callback/{registrationId}} (Spring's default redirect URI
 * {@code {baseUrl}/login/oauth2/code/{registrationId}} is rewritten to it, so the provider
 * registration of an Auth.js app works unchanged).
 */
final class DynauthOAuth2 {

    public static final String SPRING_DEFAULT_CALLBACK = "/login/oauth2/code/";
    public static final String CALLBACK_PREFIX = AuthPaths.BASE + "/callback/";
    /** Attribute of the sealed authorization request: where to go after signing in (Auth.js's {@code callbackUrl}). */
    public static final String CALLBACK_URL_ATTRIBUTE = "dynauth.callbackUrl";

    private DynauthOAuth2() {}

    /**
     * {@code oauth2Login} with dynauth's collaborators, resolved once by the feature's auto-configuration.
     *
     * @param oauth2Users the application's user service, or null for Spring's default
     * @param oidcUsers   the application's OIDC user service, or null for Spring's default
     */
    static void configure(HttpSecurity http, ClientRegistrationRepository registrations, String signInPage,
                          DynauthOAuth2LoginHandler handler, CookieAuthorizationRequestRepository authorizationRequests,
                          DynauthAuthorizedClientRepository authorizedClients,
                          OAuth2UserService<OAuth2UserRequest, OAuth2User> oauth2Users,
                          OAuth2UserService<OidcUserRequest, OidcUser> oidcUsers) {
        OAuth2AuthorizationRequestResolver resolver = new AuthJsRedirectUriResolver(
                new DefaultOAuth2AuthorizationRequestResolver(registrations, AuthPaths.OAUTH2_AUTHORIZATION_BASE),
                registrations);
        // the application's own user services, as oauth2Login would pick them, else Spring's defaults
        OAuth2UserService<OAuth2UserRequest, OAuth2User> users = oauth2Users != null ? oauth2Users : new DefaultOAuth2UserService();
        OAuth2UserService<OidcUserRequest, OidcUser> oidc = oidcUsers != null ? oidcUsers : new OidcUserService();
        http.oauth2Login(o -> o
                .loginPage(signInPage)
                .authorizationEndpoint(a -> a.baseUri(AuthPaths.OAUTH2_AUTHORIZATION_BASE)
                        .authorizationRequestResolver(resolver)
                        .authorizationRequestRepository(authorizationRequests))
                .redirectionEndpoint(r -> r.baseUri(AuthPaths.OAUTH2_CALLBACK))
                .authorizedClientRepository(authorizedClients)
                .userInfoEndpoint(u -> u.userService(capturingSessionState(users))
                        .oidcUserService(capturingSessionState(oidc)))
                .successHandler(handler)
                .failureHandler(handler));
        // the user services reach the request through RequestContextHolder: make sure it is bound there
        http.addFilterBefore(new RequestBinding(), org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter.class);
    }

    /** Binds the request to {@link RequestContextHolder} when nothing did (Spring MVC's filter usually has). */
    public static final class RequestBinding extends org.springframework.web.filter.OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                                        jakarta.servlet.FilterChain chain) throws jakarta.servlet.ServletException, java.io.IOException {
            if (RequestContextHolder.getRequestAttributes() != null) {
                chain.doFilter(request, response);
                return;
            }
            RequestContextHolder.setRequestAttributes(new org.springframework.web.context.request.ServletRequestAttributes(request, response));
            try {
                chain.doFilter(request, response);
            } finally {
                RequestContextHolder.resetRequestAttributes();
            }
        }
    }

    /** Rewrites Spring's default redirect URI to Auth.js's callback path. */
    public static final class AuthJsRedirectUriResolver implements OAuth2AuthorizationRequestResolver {
        private final OAuth2AuthorizationRequestResolver delegate;
        private final ClientRegistrationRepository registrations;

        AuthJsRedirectUriResolver(OAuth2AuthorizationRequestResolver delegate, ClientRegistrationRepository registrations) {
            this.delegate = delegate;
            this.registrations = registrations;
        }

        @Override
        public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
            // asked on every request: only the sign-in start paths build a redirect URI (and need a trusted origin)
            String prefix = request.getContextPath() + AuthPaths.SIGNIN + "/";
            if (!request.getRequestURI().startsWith(prefix)) {
                return null;
            }
            // an unknown provider (or /signin/email) is no sign-in start: Spring's resolver would throw (a 500)
            String id = request.getRequestURI().substring(prefix.length());
            if (id.isEmpty() || id.length() > 100 || registrations.findByRegistrationId(id) == null) {
                return null;
            }
            return rewrite(request, delegate.resolve(PublicRequest.of(request)));
        }

        @Override
        public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
            return rewrite(request, delegate.resolve(PublicRequest.of(request), clientRegistrationId));
        }

        private static OAuth2AuthorizationRequest rewrite(HttpServletRequest request, OAuth2AuthorizationRequest r) {
            if (r == null) {
                return null;
            }
            OAuth2AuthorizationRequest.Builder b = OAuth2AuthorizationRequest.from(r);
            if (r.getRedirectUri() != null && r.getRedirectUri().contains(SPRING_DEFAULT_CALLBACK)) {
                b.redirectUri(r.getRedirectUri().replace(SPRING_DEFAULT_CALLBACK, CALLBACK_PREFIX));
            }
            String callbackUrl = request.getParameter("callbackUrl");
            if (callbackUrl != null && !callbackUrl.isEmpty()) {
                // kept normalised in the sealed cookie, used after the provider's callback (Auth.js's callbackUrl)
                String safe = RedirectPolicy.safeTarget(request, callbackUrl, null);
                if (safe != null) {
                    b.attributes(a -> a.put(CALLBACK_URL_ATTRIBUTE, safe));
                }
            }
            // the authorization request URI embeds the redirect URI: let the builder rebuild it
            return b.authorizationRequestUri((String) null).build();
        }
    }

    /**
     * The request as Spring's resolver sees it when expanding {@code {baseUrl}} in a redirect URI: scheme, host and
     * port of the public URL, never of the Host header.
     */
    public static final class PublicRequest extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final java.net.URI origin;

        private PublicRequest(HttpServletRequest request, java.net.URI origin) {
            super(request);
            this.origin = origin;
        }

        static HttpServletRequest of(HttpServletRequest request) {
            PublicUrl url = PublicUrl.from(request).orElseGet(() -> PublicUrl.of(null, false));
            String base = url.absolute(request, "");
            return new PublicRequest(request, java.net.URI.create(base.substring(0, base.length()
                    - request.getContextPath().length())));
        }

        @Override
        public String getScheme() {
            return origin.getScheme();
        }

        @Override
        public String getServerName() {
            return origin.getHost();
        }

        @Override
        public int getServerPort() {
            return origin.getPort() != -1 ? origin.getPort() : "https".equals(origin.getScheme()) ? 443 : 80;
        }

        @Override
        public boolean isSecure() {
            return "https".equals(origin.getScheme());
        }

        @Override
        public String getContextPath() {
            return (origin.getRawPath() == null ? "" : origin.getRawPath()) + super.getContextPath();
        }

        @Override
        public String getRequestURI() {
            return (origin.getRawPath() == null ? "" : origin.getRawPath()) + super.getRequestURI();
        }

        @Override
        public StringBuffer getRequestURL() {
            return new StringBuffer(origin.getScheme() + "://" + origin.getRawAuthority() + getRequestURI());
        }
    }

    /** Request attribute: the {@code session_state} of the token response being processed. */
    public static final String SESSION_STATE = DynauthOAuth2.class.getName() + ".session_state";
    public static final String SESSION_STATE_PARAMETER = "session_state";

    /**
     * The provider's {@code session_state}: the token response's (captured by the user services), else the
     * authorization response's (OpenID Connect Session Management puts it in the callback's query).
     */
    public static String sessionState(HttpServletRequest request) {
        Object captured = request.getAttribute(SESSION_STATE);
        if (captured instanceof String s && !s.isEmpty()) {
            return s;
        }
        String param = request.getParameter(SESSION_STATE_PARAMETER);
        return param == null || param.isEmpty() || param.length() > 1024 ? null : param;
    }

    /**
     * Wraps a user service to keep the token response's {@code session_state} (in the user request's additional
     * parameters, the only place Spring Security passes it on) in the current request for the login handler.
     */
    public static <R extends OAuth2UserRequest, U extends OAuth2User> OAuth2UserService<R, U> capturingSessionState(
            OAuth2UserService<R, U> delegate) {
        return userRequest -> {
            Object state = userRequest.getAdditionalParameters().get(SESSION_STATE_PARAMETER);
            RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
            if (state instanceof String s && attributes != null) {
                attributes.setAttribute(SESSION_STATE, s, RequestAttributes.SCOPE_REQUEST);
            }
            return delegate.loadUser(userRequest);
        };
    }

    public static CookieRequestCache requestCache() {
        return new DynauthRequestCache();
    }
}
