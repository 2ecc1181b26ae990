package dev.dynauth.spring.passkey;

import dev.dynauth.spring.session.DynauthAuthentication;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.DynauthRequestCache;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterUser;
import jakarta.servlet.Filter;
import java.util.List;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.PublicKeyCredentialRequestOptionsFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthentication;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsFilter;
import org.springframework.security.web.webauthn.registration.WebAuthnRegistrationFilter;

/**
 * Passkeys with Spring Security's {@code webAuthn()} on dynauth: credentials and users in the Auth.js
 * table ({@link DynauthUserCredentialRepository}, {@link DynauthUserEntityRepository}), challenges in
 * cookies ({@link CookieWebAuthnOptionsRepositories}), and a successful passkey sign-in turned into an
 * Auth.js database session. Endpoints are Spring Security's: {@code POST /webauthn/register/options},
 * {@code POST /webauthn/register}, {@code POST /webauthn/authenticate/options}, {@code POST /login/webauthn},
 * with the starter's own page at {@code GET /webauthn/register} ({@link DynauthPasskeysPage}).
 */
class DynauthWebAuthn {

    private final DynauthProperties.Passkeys config;
    private final Adapter adapter;
    private final PublicKeyCredentialUserEntityRepository users;
    private final UserCredentialRepository credentials;
    private final CookieWebAuthnOptionsRepositories.Creation creationOptions;
    private final CookieWebAuthnOptionsRepositories.Request requestOptions;
    private final DynauthSessions sessions;

    public DynauthWebAuthn(DynauthProperties.Passkeys config, Adapter adapter, PublicKeyCredentialUserEntityRepository users,
                           UserCredentialRepository credentials, CookieWebAuthnOptionsRepositories.Creation creationOptions,
                           CookieWebAuthnOptionsRepositories.Request requestOptions, DynauthSessions sessions) {
        this.config = config;
        this.adapter = adapter;
        this.users = users;
        this.credentials = credentials;
        this.creationOptions = creationOptions;
        this.requestOptions = requestOptions;
        this.sessions = sessions;
    }

    /** Applies {@code webAuthn} with dynauth's repositories to the filter chain. */
    public void configure(HttpSecurity http) {
        http.setSharedObject(PublicKeyCredentialUserEntityRepository.class, users);
        http.setSharedObject(UserCredentialRepository.class, credentials);
        http.setSharedObject(UserDetailsService.class, userDetailsService());
        try {
            // rp id and origins: the WebAuthnRelyingPartyOperations bean (DynauthRelyingParty) decides per request
            http.webAuthn(w -> w.rpId(config.getRpId() == null ? "localhost" : config.getRpId()).rpName(config.getRpName())
                    .allowedOrigins(config.getAllowedOrigins()).creationOptionsRepository(creationOptions)
                    // the starter's own passkeys page (DynauthPasskeysPage) takes its place, in the app's layout
                    .disableDefaultRegistrationPage(true));
        } catch (Exception e) {
            throw new IllegalStateException("cannot configure passkeys", e);
        }
    }

    public UserCredentialRepository credentials() {
        return credentials;
    }

    /** Passkey users' authorities; the user name is the dynauth user id. Never matches a password. */
    UserDetailsService userDetailsService() {
        return username -> {
            AdapterUser user = adapter.getUser(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
            return User.withUsername(user.id()).password("{dynauth}no-password").authorities(DynauthAuthentication.ROLE_USER)
                    .build();
        };
    }

    /** The sign-in hook: a passkey authentication becomes an Auth.js session for its user. */
    public DynauthSecurityContextRepository.SignInHook signInHook() {
        return (authentication, request, response) -> {
            if (!(authentication instanceof WebAuthnAuthentication w)) {
                return false;
            }
            PublicKeyCredentialUserEntity entity = w.getPrincipal();
            return adapter.getUser(DynauthUserEntityRepository.userIdOf(entity.getId())).map(user -> {
                sessions.signIn(user, request, response);
                return true;
            }).orElse(false);
        };
    }

    /**
     * Points Spring Security's passkey filters at the cookie-based challenge repositories and the
     * dynauth security context repository, in every filter chain (some of those filters are not
     * reachable through the {@code webAuthn()} DSL).
     */
    public static BeanPostProcessor filterChainPostProcessor(org.springframework.beans.factory.ObjectProvider<DynauthWebAuthn> webAuthn,
                                                             org.springframework.beans.factory.ObjectProvider<DynauthSecurityContextRepository> contexts) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
                if (bean instanceof SecurityFilterChain chain) {
                    DynauthWebAuthn w = webAuthn.getIfAvailable();
                    if (w != null) {
                        w.apply(chain.getFilters(), contexts.getObject());
                    }
                }
                return bean;
            }
        };
    }

    void apply(List<Filter> filters, DynauthSecurityContextRepository contexts) {
        for (Filter f : filters) {
            if (f instanceof PublicKeyCredentialRequestOptionsFilter r) {
                r.setRequestOptionsRepository(requestOptions);
            } else if (f instanceof WebAuthnAuthenticationFilter a) {
                a.setRequestOptionsRepository(requestOptions);
                a.setSecurityContextRepository(contexts);
                // the JSON answer's redirectUrl: the page the user was sent away from (kept in a cookie), else "/"
                org.springframework.security.web.authentication.HttpMessageConverterAuthenticationSuccessHandler success =
                        new org.springframework.security.web.authentication.HttpMessageConverterAuthenticationSuccessHandler();
                success.setRequestCache(new DynauthRequestCache());
                a.setAuthenticationSuccessHandler(success);
            } else if (f instanceof PublicKeyCredentialCreationOptionsFilter c) {
                c.setCreationOptionsRepository(creationOptions);
            } else if (f instanceof WebAuthnRegistrationFilter g) {
                g.setCreationOptionsRepository(creationOptions);
            }
        }
    }
}
