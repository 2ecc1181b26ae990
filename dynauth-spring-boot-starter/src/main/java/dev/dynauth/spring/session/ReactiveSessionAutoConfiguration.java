package dev.dynauth.spring.session;

import dev.dynauth.Adapter;
import dev.dynauth.DynamoDbAsyncSessions;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration;
import dev.dynauth.spring.dynamodb.DynamoDbClientFactory;
import dev.dynauth.spring.dynamodb.OffloadedAsyncClient;
import dev.dynauth.spring.ui.DynauthReactiveUnavailableFilter;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.spring.web.PermittedPaths;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.MediaTypeServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * dynauth in a reactive (WebFlux) application: chosen by the web application type, the servlet side is untouched.
 * Beans: a non-blocking {@link DynamoDbAsyncClient} (AWS CRT HTTP client; the embedded DynamoDB Local of development
 * is called off the event loop), {@link DynamoDbAsyncSessions} (one {@code BatchGetItem} per signed-in request),
 * the {@link DynauthServerSecurityContextRepository}, the {@link DynauthServerLogoutHandler},
 * {@code GET /api/auth/session}, the styled 503 when DynamoDB cannot be reached, and a default
 * {@link SecurityWebFilterChain} when the application defines none. Passkeys stop the start-up: Spring Security has no
 * reactive WebAuthn.
 *
 * <p><b>How sign-in and the gateway plug in.</b> Sign-in code (the reactive sign-in pages, magic-link callback,
 * OAuth2/OIDC login) issues a session with {@code repository.save(exchange, context)} for an authenticated
 * {@code Authentication} whose principal is an {@link dev.dynauth.AdapterUser} (or {@code repository.signIn(exchange,
 * user)}); the session (database item or JWT, as {@code dynauth.session.strategy} says) and its cookie are written and
 * the exchange is signed in from then on. An OAuth2 login maps its {@code OAuth2User} to the {@code AdapterUser} first
 * (as the servlet side does) and then saves. Sign-out is Spring Security's {@code logout()} with the
 * {@link DynauthServerLogoutHandler} bean (revokes: deletes the session or records the JWT revocation, clears the
 * cookies). To add to the default chain, declare {@link DynauthServerHttpSecurityCustomizer} beans (applied in order);
 * an application or gateway with its own {@code SecurityWebFilterChain} sets
 * {@code http.securityContextRepository(repository)} and {@code logout(l -> l.logoutHandler(handler))}. A gateway
 * reads the signed-in user with {@code ReactiveSecurityContextHolder.getContext()} (principal {@code AdapterUser},
 * authentication {@link DynauthAuthentication}) or {@code repository.resolve(exchange)}, which is resolved at most once
 * per exchange.
 */
@AutoConfiguration(after = DynauthAutoConfiguration.class,
        beforeName = {"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
// dynauth's adapter (the application's or DynauthAutoConfiguration's): none where dynauth is switched off
@org.springframework.boot.autoconfigure.condition.ConditionalOnBean(Adapter.class)
@ConditionalOnClass({Mono.class, ServerHttpSecurity.class})
class ReactiveSessionAutoConfiguration {

    /** Refuses passkeys before any bean is made: Spring Security's WebAuthn support is servlet-only. */
    @Bean
    static BeanFactoryPostProcessor dynauthReactivePasskeysRefused(Environment env) {
        return factory -> {
            if (Binder.get(env).bind("dynauth.passkeys.enabled", Boolean.class).orElse(false)) {
                throw new IllegalStateException("dynauth.passkeys.enabled=true in a reactive (WebFlux) application: "
                        + "passkeys need Spring Security's WebAuthn support, which exists for servlet applications only. "
                        + "Turn passkeys off here (an Auth.js app or a servlet dynauth service can offer them on the same "
                        + "table), or run this application on the servlet stack");
            }
        };
    }

    /** dynauth has no password users: without this, Spring Boot would log a generated password (as on the servlet side). */
    @Bean
    @ConditionalOnMissingBean
    ReactiveAuthenticationManager dynauthReactiveNoPasswordUsers() {
        return authentication -> Mono.error(new ProviderNotFoundException(
                "dynauth has no password users: users sign in with magic links, OAuth2 or passkeys"));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DynamoDbAsyncClient dynauthDynamoDbAsyncClient(DynauthProperties properties, Environment env,
                                                   ObjectProvider<DynauthAutoConfiguration.DynauthMode> mode,
                                                   DynamoDbClient client) {
        DynauthAutoConfiguration.DynauthMode m = mode.getIfAvailable();
        if (m != null && m.embedded()) {
            // DynamoDB Local in-process answers on the calling thread: its calls run on boundedElastic, never the event loop
            return OffloadedAsyncClient.over(client, r -> Schedulers.boundedElastic().schedule(r));
        }
        try {
            Class.forName("software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient", false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a reactive application needs a non-blocking DynamoDB client: add the dependency "
                    + "software.amazon.awssdk:aws-crt-client (version from the AWS SDK BOM), or declare a DynamoDbAsyncClient bean");
        }
        return DynamoDbClientFactory.awsAsync(properties.getDynamodb(), env, 256);
    }

    @Bean
    @ConditionalOnMissingBean
    DynamoDbAsyncSessions dynauthAsyncSessions(DynamoDbAsyncClient client, TableOptions options, Clock clock,
                                               DynauthProperties properties) {
        return DynamoDbAsyncSessions.builder().client(client).options(options).clock(clock)
                .sessionOwnerCacheSize(properties.getSession().getOwnerCacheSize()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    DynauthServerSecurityContextRepository dynauthServerSecurityContextRepository(
            Adapter adapter, DynamoDbAsyncSessions reads, Cookies cookies, Clock clock, DynauthProperties properties,
            ObjectProvider<DynauthSecret> secret, Environment env, ObjectProvider<JwtClaimsCustomizer> customizers) {
        DynauthProperties.Session s = properties.getSession();
        JwtSessionCore jwt = s.getStrategy().contains(DynauthProperties.Strategy.JWT)
                ? new JwtSessionCore(SessionConfiguration.jwt(properties, secret.getObject(), env, clock), clock,
                        s.getMaxAge(), s.getUpdateAge(), s.getJwt().isRevokeOnSignOut(), customizers.orderedStream().toList())
                : null;
        ReactiveSessions.Options options = new ReactiveSessions.Options(
                s.getStrategy().contains(DynauthProperties.Strategy.DATABASE), jwt,
                s.getStrategy().get(0) == DynauthProperties.Strategy.JWT,
                new SessionLifetime(s.getMaxAge(), s.getUpdateAge(), s.getMaxLifetime()));
        return new DynauthServerSecurityContextRepository(
                new ReactiveSessions(adapter, reads, new ReactiveSessionCookies(cookies), clock, options));
    }

    @Bean
    @ConditionalOnMissingBean
    DynauthServerLogoutHandler dynauthServerLogoutHandler(DynauthServerSecurityContextRepository repository) {
        return new DynauthServerLogoutHandler(repository);
    }

    @Bean
    ReactiveSessionEndpoint dynauthReactiveSessionEndpoint(DynauthServerSecurityContextRepository repository) {
        return new ReactiveSessionEndpoint(repository);
    }

    @Bean
    @ConditionalOnMissingBean
    DynauthReactiveUnavailableFilter dynauthReactiveUnavailableFilter(DynauthProperties properties) {
        return new DynauthReactiveUnavailableFilter(properties.getSignInPage());
    }

    /** The default chain, when the application defines none. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    static class DefaultChain {
        @Bean
        SecurityWebFilterChain dynauthSecurityWebFilterChain(ServerHttpSecurity http,
                                                             DynauthServerSecurityContextRepository repository,
                                                             DynauthServerLogoutHandler logout, DynauthProperties properties,
                                                             ObjectProvider<DynauthServerHttpSecurityCustomizer> customizers) {
            String signInPage = properties.getSignInPage();
            http.securityContextRepository(repository)
                    .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                    .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                    .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                    // no WebSession: the CSRF token lives in a cookie, as Auth.js's does
                    // (a double-submit token as Auth.js's; the sign-in pages may replace it with Auth.js's own csrf cookie)
                    .csrf(c -> c.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
                            .csrfTokenRequestHandler(new org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler()))
                    .logout(l -> l.logoutUrl(AuthPaths.SIGNOUT).logoutHandler(logout))
                    .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint(signInPage)))
                    .authorizeExchange(a -> {
                        a.pathMatchers(PermittedPaths.of(properties).toArray(String[]::new)).permitAll();
                        if (properties.isProtectAll()) {
                            a.anyExchange().authenticated();
                        } else {
                            a.anyExchange().permitAll();
                        }
                    });
            customizers.orderedStream().forEach(c -> c.customize(http));
            return http.build();
        }

        /**
         * Signed out: a page (a request accepting HTML, without an {@code Authorization} header) goes to the sign-in
         * page; an API client, and a Bearer token that signs nobody in (malformed, unknown, expired), gets a 401.
         */
        private static DelegatingServerAuthenticationEntryPoint entryPoint(String signInPage) {
            MediaTypeServerWebExchangeMatcher html = new MediaTypeServerWebExchangeMatcher(MediaType.TEXT_HTML);
            html.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
            ServerWebExchangeMatcher page = exchange -> exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                    ? ServerWebExchangeMatcher.MatchResult.notMatch() : html.matches(exchange);
            var entry = new DelegatingServerAuthenticationEntryPoint(List.of(
                    new DelegatingServerAuthenticationEntryPoint.DelegateEntry(page,
                            new RedirectServerAuthenticationEntryPoint(signInPage))));
            entry.setDefaultEntryPoint((exchange, ex) -> {
                exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                return new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED).commence(exchange, ex);
            });
            return entry;
        }
    }
}
