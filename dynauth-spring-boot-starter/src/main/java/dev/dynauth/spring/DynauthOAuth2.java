package dev.dynauth.spring;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.ApplicationContext;
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

    static final String SPRING_DEFAULT_CALLBACK = "/login/oauth2/code/";
    static final String CALLBACK_PREFIX = AuthPaths.BASE + "/callback/";

    private DynauthOAuth2() {}

    static void configure(HttpSecurity http, ApplicationContext context, ClientRegistrationRepository registrations) {
        DynauthOAuth2LoginHandler handler = context.getBean(DynauthOAuth2LoginHandler.class);
        OAuth2AuthorizationRequestResolver resolver = new AuthJsRedirectUriResolver(
                new DefaultOAuth2AuthorizationRequestResolver(registrations, AuthPaths.OAUTH2_AUTHORIZATION_BASE));
        http.oauth2Login(o -> o
                .loginPage(context.getBean(DynauthProperties.class).getSignInPage())
                .authorizationEndpoint(a -> a.baseUri(AuthPaths.OAUTH2_AUTHORIZATION_BASE)
                        .authorizationRequestResolver(resolver)
                        .authorizationRequestRepository(context.getBean(CookieAuthorizationRequestRepository.class)))
                .redirectionEndpoint(r -> r.baseUri(AuthPaths.OAUTH2_CALLBACK))
                .authorizedClientRepository(context.getBean(DynauthAuthorizedClientRepository.class))
                .successHandler(handler)
                .failureHandler(handler));
    }

    /** Rewrites Spring's default redirect URI to Auth.js's callback path. */
    static final class AuthJsRedirectUriResolver implements OAuth2AuthorizationRequestResolver {
        private final OAuth2AuthorizationRequestResolver delegate;

        AuthJsRedirectUriResolver(OAuth2AuthorizationRequestResolver delegate) {
            this.delegate = delegate;
        }

        @Override
        public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
            return rewrite(delegate.resolve(request));
        }

        @Override
        public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
            return rewrite(delegate.resolve(request, clientRegistrationId));
        }

        private static OAuth2AuthorizationRequest rewrite(OAuth2AuthorizationRequest r) {
            if (r == null || r.getRedirectUri() == null || !r.getRedirectUri().contains(SPRING_DEFAULT_CALLBACK)) {
                return r;
            }
            String redirect = r.getRedirectUri().replace(SPRING_DEFAULT_CALLBACK, CALLBACK_PREFIX);
            // the authorization request URI embeds the redirect URI: let the builder rebuild it
            return OAuth2AuthorizationRequest.from(r).redirectUri(redirect).authorizationRequestUri((String) null).build();
        }
    }

    static CookieRequestCache requestCache() {
        return new CookieRequestCache();
    }
}
