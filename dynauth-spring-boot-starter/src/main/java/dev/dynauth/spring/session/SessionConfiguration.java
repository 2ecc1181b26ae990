package dev.dynauth.spring.session;

import dev.dynauth.Adapter;
import dev.dynauth.DynauthStore;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.DynauthSecret;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The session feature's servlet beans (Auth.js cookie sessions, every strategy): the resolver, the cookie, the
 * sessions and the security context repository. The stack-neutral rules they apply ({@link SessionLifetime},
 * {@link JwtSessionCore}) are shared with the reactive side ({@link ReactiveSessionAutoConfiguration}).
 */
// imported by DynauthAutoConfiguration with the other features (after the DynamoDB and web ones): excluding
// DynauthAutoConfiguration switches it off too
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SessionConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    SessionResolver dynauthSessionResolver(Adapter adapter, Clock clock, DynauthProperties properties) {
        if (!properties.getSession().getStrategy().contains(DynauthProperties.Strategy.DATABASE)) {
            // jwt only: a cookie that is not a JWT is no session, and costs no DynamoDB request
            return token -> SessionResolution.invalid();
        }
        return new AdapterSessionResolver(adapter, clock, properties.getSession().getMaxAge(),
                properties.getSession().getUpdateAge()).maxLifetime(properties.getSession().getMaxLifetime());
    }

    @Bean
    @ConditionalOnMissingBean
    SessionCookies dynauthSessionCookies(Cookies cookies) {
        return new SessionCookies(cookies);
    }

    @Bean
    @ConditionalOnMissingBean
    DynauthSessions dynauthSessions(Adapter adapter, SessionCookies cookies, Clock clock, DynauthProperties properties,
                                    ObjectProvider<DynauthSecret> secret, Environment env,
                                    ObjectProvider<JwtClaimsCustomizer> customizers) {
        DynauthProperties.Session session = properties.getSession();
        // listing a user's sessions ("sign out all other devices") is beyond Auth.js's adapter API
        DatabaseSessions database = new DatabaseSessions(adapter, cookies, clock, session.getMaxAge());
        database.maxLifetime(session.getMaxLifetime());
        database.sessionStore(DynauthStore.of(adapter));
        if (!session.getStrategy().contains(DynauthProperties.Strategy.JWT)) {
            return new DynauthSessions(database);
        }
        DynauthJwtSessions.Options options = DynauthJwtSessions.Options.builder()
                .updateAge(session.getUpdateAge()).issueJwt(session.getStrategy().get(0) == DynauthProperties.Strategy.JWT)
                .acceptDatabase(session.getStrategy().contains(DynauthProperties.Strategy.DATABASE))
                .revokeOnSignOut(session.getJwt().isRevokeOnSignOut()).customizers(customizers.orderedStream().toList()).build();
        return new DynauthSessions(new DynauthJwtSessions(database, jwt(properties, secret.getObject(), env, clock), options));
    }

    /** The JWT codec of {@code dynauth.session.jwt.*} with the secrets in Auth.js's order (both stacks). */
    static AuthJsJwt jwt(DynauthProperties properties, DynauthSecret secret, Environment env, Clock clock) {
        DynauthProperties.Session session = properties.getSession();
        DynauthProperties.Jwt options = session.getJwt();
        List<String> secrets = JwtSecrets.resolve(options.getSecrets(), env::getProperty, secret);
        LOG.info("dynauth: session strategy {} ({} token, {} secret(s){})", session.getStrategy(), options.getFormat(),
                secrets.size(), options.isRevokeOnSignOut() ? ", revoked on sign-out" : "");
        return AuthJsJwt.builder().format(options.getFormat()).cookieName(properties.getCookie().getName())
                .secrets(secrets).clock(clock).build();
    }

    @Bean
    @ConditionalOnMissingBean
    DynauthSecurityContextRepository dynauthSecurityContextRepository(SessionResolver resolver, SessionCookies cookies,
                                                                      DynauthSessions sessions) {
        return new DynauthSecurityContextRepository(resolver, cookies, sessions);
    }
}
