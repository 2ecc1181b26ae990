package dev.dynauth.spring.autoconfigure;

import dev.dynauth.spring.oauth2.AccountOAuth2AuthorizedClientService;
import dev.dynauth.spring.oauth2.AccountTokens;
import dev.dynauth.spring.session.AdapterSessionResolver;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.oauth2.CookieAuthorizationRequestRepository;
import dev.dynauth.spring.passkey.CookieWebAuthnOptionsRepositories;
import dev.dynauth.spring.dynamodb.DynamoDbClientFactory;
import dev.dynauth.spring.magiclink.DynamoDbRateLimiter;
import dev.dynauth.spring.oauth2.DynamoDbSingleUse;
import dev.dynauth.spring.oauth2.DynauthAuthorizedClientRepository;
import dev.dynauth.spring.DynauthConfigurer;
import dev.dynauth.spring.dynamodb.DynauthHealthIndicator;
import dev.dynauth.spring.session.DynauthJwtSessions;
import dev.dynauth.spring.oauth2.DynauthOAuth2;
import dev.dynauth.spring.oauth2.DynauthOAuth2LoginHandler;
import dev.dynauth.spring.ui.DynauthPageLayout;
import dev.dynauth.spring.oauth2.DynauthProfileMapper;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.passkey.DynauthRelyingParty;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.passkey.DynauthUserCredentialRepository;
import dev.dynauth.spring.passkey.DynauthUserEntityRepository;
import dev.dynauth.spring.passkey.DynauthWebAuthn;
import dev.dynauth.spring.dynamodb.EmbeddedDynamoDb;
import dev.dynauth.spring.session.JwtClaimsCustomizer;
import dev.dynauth.spring.session.JwtSecrets;
import dev.dynauth.spring.magiclink.LoggingMagicLinkSender;
import dev.dynauth.spring.magiclink.MagicLinkSender;
import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.magiclink.MailMagicLinkSender;
import dev.dynauth.spring.dynamodb.MeteredAdapter;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.spring.magiclink.RateLimiter;
import dev.dynauth.spring.session.SessionCookies;
import dev.dynauth.spring.dynamodb.SessionOwnerCacheMetrics;
import dev.dynauth.spring.session.SessionResolution;
import dev.dynauth.spring.session.SessionResolver;

import dev.dynauth.Adapter;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.DynauthStore;
import dev.dynauth.TableOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Auto-configuration of dynauth: the DynamoDB client (the application's, AWS, or embedded DynamoDB
 * Local), the Auth.js adapter (with Micrometer meters when a registry exists), sessions in the Auth.js
 * cookie, magic links, OAuth2 login and a default security filter chain.
 */
// Optional dependencies (Micrometer, mail, OAuth2 client, WebAuthn, dynauth-local, health) appear only by name or
// inside @ConditionalOnClass configurations: an application without them must start (OptionalDependenciesTest).
@AutoConfiguration(
        before = {SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
                UserDetailsServiceAutoConfiguration.class},
        beforeName = "org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration",
        afterName = {"org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration"})
@EnableConfigurationProperties(DynauthProperties.class)
public class DynauthAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DynauthAutoConfiguration.class);

    /** The DynamoDB client when the application defines none. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(DynamoDbClient.class)
    static class ClientConfiguration {

        /** Starts DynamoDB Local: only when dynauth-local (an optional dependency) is on the classpath. */
        @Bean
        @ConditionalOnClass(name = EMBEDDED_CLASS)
        EmbeddedDynamoDbStarter dynauthEmbeddedDynamoDbStarter() {
            return EmbeddedDynamoDb::new;
        }

        @Bean
        DynauthMode dynauthMode(DynauthProperties properties, Environment env, ObjectProvider<EmbeddedDynamoDbStarter> embedded) {
            boolean available = embedded.getIfAvailable() != null;
            DynauthProperties.Mode mode = DynamoDbClientFactory.mode(properties.getDynamodb(), env, available);
            if (mode == DynauthProperties.Mode.EMBEDDED && !available) {
                throw new IllegalStateException("dynauth.dynamodb.mode=embedded needs DynamoDB Local, which is not on the "
                        + "classpath: add the dependency dev.dynauth:dynauth-local (for development and tests only), or "
                        + "set dynauth.dynamodb.mode=aws with a region");
            }
            return new DynauthMode(mode);
        }

        @Bean
        EmbeddedDynamoDbHolder dynauthEmbeddedDynamoDb(DynauthMode mode, DynauthProperties properties,
                                                       ObjectProvider<EmbeddedDynamoDbStarter> embedded) {
            if (!mode.embedded()) {
                return new EmbeddedDynamoDbHolder(null, null);
            }
            EmbeddedDynamoDb db = embedded.getObject().start(properties.getDynamodb().getDataDir());
            return new EmbeddedDynamoDbHolder(db, db.client());
        }

        @Bean(destroyMethod = "")
        DynamoDbClient dynauthDynamoDbClient(DynauthMode mode, EmbeddedDynamoDbHolder embedded, DynauthProperties properties,
                                             Environment env) {
            if (mode.embedded()) {
                return embedded.client();
            }
            return embedded.track(DynamoDbClientFactory.aws(properties.getDynamodb(), env));
        }
    }

    /** The logger of Tomcat's HTTP/1.1 request parser. */
    static final String TOMCAT_PARSER_LOGGER = "org.apache.coyote.http11.Http11Processor";

    /** A class of dynauth-local, the optional dependency embedded mode needs. */
    static final String EMBEDDED_CLASS = "dev.dynauth.local.DynamoDbLocal";

    /** Starts the embedded DynamoDB Local; a bean only when dynauth-local is on the classpath. */
    @FunctionalInterface
    interface EmbeddedDynamoDbStarter {
        /** In memory when {@code dataDir} is null or blank. */
        EmbeddedDynamoDb start(String dataDir);
    }

    /** A feature configured without its optional dependency fails here, naming the dependency to add. */
    @Bean
    OptionalDependencies.Checked dynauthOptionalDependencies(Environment env, DynauthProperties properties) {
        return OptionalDependencies.check(env, properties);
    }

    /**
     * dynauth signs users in with Auth.js sessions, never with a password. Without this bean Spring Boot's
     * UserDetailsServiceAutoConfiguration (which backs off when one exists) would create an in-memory user and log
     * a generated password in every application that lacks the OAuth2 client; Spring Security itself only uses a
     * resolver that the application wires in.
     */
    @Bean
    @ConditionalOnMissingBean(org.springframework.security.authentication.AuthenticationManagerResolver.class)
    org.springframework.security.authentication.AuthenticationManagerResolver<jakarta.servlet.http.HttpServletRequest>
            dynauthNoPasswordUsers() {
        return request -> authentication -> {
            throw new org.springframework.security.authentication.ProviderNotFoundException(
                    "dynauth has no password users: users sign in with magic links, OAuth2 or passkeys");
        };
    }

    @Bean
    @ConditionalOnMissingBean
    Clock dynauthClock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    TableOptions dynauthTableOptions(DynauthProperties properties) {
        return properties.toTableOptions();
    }

    @Bean
    @ConditionalOnMissingBean
    DynauthSecret dynauthSecret(DynauthProperties properties, Environment env, ObjectProvider<DynauthMode> mode) {
        String secret = properties.getSecret();
        String source = "dynauth.secret";
        for (String fallback : new String[] {"AUTH_SECRET", "NEXTAUTH_SECRET"}) {
            if (secret == null || secret.isBlank()) {
                secret = env.getProperty(fallback);
                source = fallback;
            }
        }
        if (secret != null && !secret.isBlank()) {
            LOG.debug("dynauth: secret from {}", source);
            return new DynauthSecret(secret, false);
        }
        DynauthMode m = mode.getIfAvailable();
        if (m != null && m.embedded()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            LOG.warn("dynauth: no dynauth.secret (or AUTH_SECRET) set: generated a random one for this run (embedded "
                    + "mode). Magic links will not survive a restart nor work with an Auth.js app.");
            return new DynauthSecret(HexFormat.of().formatHex(random), true);
        }
        throw new IllegalStateException("dynauth.secret is not set: set it (or the AUTH_SECRET environment variable) to "
                + "the AUTH_SECRET of the Auth.js app sharing the table, e.g. the output of `openssl rand -hex 32`");
    }

    @Bean
    @ConditionalOnMissingBean(Adapter.class)
    Adapter dynauthAdapter(DynamoDbClient client, TableOptions options, Clock clock, DynauthProperties properties,
                           ObjectProvider<DynauthMode> mode, ObjectProvider<AdapterDecorator> decorators) {
        DynauthMode m = mode.getIfAvailable();
        boolean create = properties.getCreateTableIfMissing() != null ? properties.getCreateTableIfMissing()
                : m != null && m.embedded();
        if (create && DynamoDbTables.createIfMissing(client, options)) {
            LOG.info("dynauth: created table {}", options.tableName());
        }
        Adapter adapter = DynamoDbAdapter.builder().client(client).options(options).clock(clock)
                .sessionOwnerCacheSize(properties.getSession().getOwnerCacheSize()).build();
        for (AdapterDecorator decorator : decorators.orderedStream().toList()) {
            adapter = decorator.decorate(adapter);
        }
        return adapter;
    }

    /** Wraps the starter's adapter (Micrometer meters); a bean only where its optional dependency is present. */
    @FunctionalInterface
    interface AdapterDecorator {
        Adapter decorate(Adapter adapter);
    }

    /** Micrometer meters per adapter operation, when Micrometer (an optional dependency) is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {
        @Bean
        AdapterDecorator dynauthAdapterMeters(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
            return adapter -> {
                io.micrometer.core.instrument.MeterRegistry meters = registry.getIfAvailable();
                if (meters == null) {
                    return adapter;
                }
                if (adapter instanceof DynamoDbAdapter dynamo) {
                    SessionOwnerCacheMetrics.bind(dynamo, meters);
                }
                return MeteredAdapter.wrap(adapter, meters);
            };
        }
    }

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

    /** Every cookie's name and attributes (whether it is Secure): {@code dynauth.cookie.*} and the public URL. */
    @Bean
    @ConditionalOnMissingBean
    Cookies dynauthCookies(DynauthProperties properties, PublicUrl publicUrl) {
        return new Cookies(properties.getCookie(), publicUrl);
    }

    @Bean
    @ConditionalOnMissingBean
    DynauthSessions dynauthSessions(Adapter adapter, SessionCookies cookies, Clock clock, DynauthProperties properties,
                                    ObjectProvider<DynauthSecret> secret, Environment env,
                                    ObjectProvider<JwtClaimsCustomizer> customizers) {
        DynauthProperties.Session session = properties.getSession();
        if (!session.getStrategy().contains(DynauthProperties.Strategy.JWT)) {
            return new DynauthSessions(adapter, cookies, clock, session.getMaxAge()).maxLifetime(session.getMaxLifetime());
        }
        DynauthProperties.Jwt options = session.getJwt();
        java.util.List<String> secrets = JwtSecrets.resolve(options.getSecrets(), env::getProperty, secret.getObject());
        dev.dynauth.jwt.AuthJsJwt jwt = dev.dynauth.jwt.AuthJsJwt.builder().format(options.getFormat())
                .cookieName(properties.getCookie().getName()).secrets(secrets).clock(clock).build();
        LOG.info("dynauth: session strategy {} ({} token, {} secret(s){})", session.getStrategy(), options.getFormat(),
                secrets.size(), options.isRevokeOnSignOut() ? ", revoked on sign-out" : "");
        return new DynauthJwtSessions(adapter, cookies, clock, session.getMaxAge(), session.getUpdateAge(), jwt,
                session.getStrategy().get(0) == DynauthProperties.Strategy.JWT,
                session.getStrategy().contains(DynauthProperties.Strategy.DATABASE), options.isRevokeOnSignOut(),
                customizers.orderedStream().toList()).maxLifetime(session.getMaxLifetime());
    }

    @Bean
    @ConditionalOnMissingBean
    DynauthSecurityContextRepository dynauthSecurityContextRepository(SessionResolver resolver, SessionCookies cookies,
                                                                      DynauthSessions sessions) {
        DynauthSecurityContextRepository repository = new DynauthSecurityContextRepository(resolver, cookies, sessions);
        if (sessions instanceof DynauthJwtSessions jwt) {
            repository.setJwtSessions(jwt);
        }
        return repository;
    }

    @Bean
    @ConditionalOnMissingBean
    AccountTokens dynauthAccountTokens(Adapter adapter) {
        return new AccountTokens(DynauthStore.of(adapter));
    }

    /**
     * The public URL every absolute URL is built from; fails the start-up when none is configured, the request's
     * host is not trusted and the application is not a development one (embedded or bound to loopback).
     */
    @Bean
    @ConditionalOnMissingBean
    PublicUrl dynauthPublicUrl(DynauthProperties properties, Environment env, ObjectProvider<DynauthMode> mode) {
        return PublicUrl.fromConfiguration(properties, env);
    }

    /** In a web application, the start-up check of the public URL (see {@link PublicUrl#checkAtStartUp}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class PublicUrlCheckConfiguration {
        @Bean
        org.springframework.beans.factory.SmartInitializingSingleton dynauthPublicUrlCheck(PublicUrl url,
                DynauthProperties properties, Environment env, ObjectProvider<DynauthMode> mode) {
            return () -> PublicUrl.checkAtStartUp(url, properties, env, mode.getIfAvailable());
        }

        /**
         * Tomcat logs a request it cannot parse with its request target, query string and all (a magic-link token
         * travels there): that logger is quietened to WARN unless the application configured it.
         */
        @Bean
        org.springframework.beans.factory.SmartInitializingSingleton dynauthQuietRequestParserLog(Environment env) {
            return () -> {
                if (env.getProperty("logging.level." + TOMCAT_PARSER_LOGGER) == null) {
                    org.springframework.boot.logging.LoggingSystem.get(DynauthAutoConfiguration.class.getClassLoader())
                            .setLogLevel(TOMCAT_PARSER_LOGGER, org.springframework.boot.logging.LogLevel.WARN);
                }
            };
        }
    }

    /** The starter's pages in their bare default document; an application's own bean replaces it. */
    @Bean
    @ConditionalOnMissingBean
    DynauthPageLayout dynauthPageLayout() {
        return DynauthPageLayout.standard();
    }

    /** The configurer to apply to the application's own filter chains: {@code http.with(dynauth, d -> {})}. */
    @Bean
    @org.springframework.context.annotation.Scope("prototype")
    @ConditionalOnMissingBean
    DynauthConfigurer dynauthConfigurer(ApplicationContext context) {
        return new DynauthConfigurer(context);
    }

    /** Magic links. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "dynauth.email.enabled", havingValue = "true", matchIfMissing = true)
    static class MagicLinkConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RateLimiter dynauthRateLimiter(DynamoDbClient client, TableOptions options, Clock clock, DynauthProperties properties) {
            return new DynamoDbRateLimiter(client, options, clock, properties.getEmail().getRateLimit(),
                    properties.getEmail().getRateLimitWindow());
        }

        @Bean
        @ConditionalOnMissingBean
        MagicLinkSender dynauthMagicLinkSender(DynauthProperties properties, ObjectProvider<DynauthMode> mode,
                                               ObjectProvider<MailSenderHolder> mail) {
            MailSenderHolder holder = mail.getIfAvailable();
            if (holder != null && holder.sender() != null) {
                return holder.sender();
            }
            DynauthMode m = mode.getIfAvailable();
            boolean log = properties.getEmail().getLogLinks() != null ? properties.getEmail().getLogLinks()
                    : m != null && m.embedded();
            if (log) {
                LOG.warn("dynauth: no mail sender configured: sign-in links are LOGGED (development only)");
                return new LoggingMagicLinkSender();
            }
            LOG.warn("dynauth: no mail sender configured and dynauth.email.log-links is off: magic links cannot be sent");
            return link -> {
                throw new IllegalStateException("no MagicLinkSender: configure spring.mail.* or define a MagicLinkSender bean");
            };
        }

        @Bean
        @ConditionalOnMissingBean
        MagicLinkService dynauthMagicLinkService(Adapter adapter, DynauthSecret secret, Clock clock,
                                                 DynauthProperties properties, RateLimiter rateLimiter,
                                                 MagicLinkSender sender) {
            DynauthProperties.Email e = properties.getEmail();
            return new MagicLinkService(adapter, secret, clock, e.getMaxAge(), rateLimiter, sender,
                    new MagicLinkService.Limits(e.getClientRateLimit(), e.getClientRateLimitWindow(),
                            e.getGlobalRateLimit(), e.getGlobalRateLimitWindow()));
        }
    }

    /** Spring Mail (an optional dependency): magic links by mail when the application has a JavaMailSender. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.mail.javamail.JavaMailSender")
    static class MailConfiguration {
        @Bean
        MailSenderHolder dynauthMailSenderHolder(
                ObjectProvider<org.springframework.mail.javamail.JavaMailSender> sender, DynauthProperties properties) {
            org.springframework.mail.javamail.JavaMailSender mail = sender.getIfAvailable();
            return new MailSenderHolder(mail == null ? null : new MailMagicLinkSender(mail, properties.getEmail().getFrom()));
        }
    }

    /** OAuth2 login on Account items. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = OptionalDependencies.OAUTH2_CLIENT)
    @ConditionalOnBean(type = OptionalDependencies.OAUTH2_CLIENT)
    static class OAuth2Configuration {

        @Bean
        @ConditionalOnMissingBean
        OAuth2AuthorizedClientService dynauthAuthorizedClientService(ClientRegistrationRepository registrations,
                                                                     AccountTokens accounts, Adapter adapter) {
            return new AccountOAuth2AuthorizedClientService(registrations, accounts, adapter);
        }

        @Bean
        @ConditionalOnMissingBean
        DynauthAuthorizedClientRepository dynauthAuthorizedClientRepository(OAuth2AuthorizedClientService service) {
            return new DynauthAuthorizedClientRepository(service);
        }

        @Bean
        @ConditionalOnMissingBean
        CookieAuthorizationRequestRepository dynauthAuthorizationRequestRepository(DynauthSecret secret,
                                                                                   DynauthProperties properties,
                                                                                   DynamoDbClient client,
                                                                                   TableOptions options) {
            return new CookieAuthorizationRequestRepository(secret, properties.getCookie(),
                    new DynamoDbSingleUse(client, options));
        }

        @Bean
        @ConditionalOnMissingBean
        DynauthOAuth2LoginHandler dynauthOAuth2LoginHandler(Adapter adapter, DynauthSessions sessions,
                                                            DynauthSecurityContextRepository contexts, AccountTokens tokens,
                                                            DynauthProperties properties,
                                                            ObjectProvider<DynauthProfileMapper> mappers) {
            return new DynauthOAuth2LoginHandler(adapter, sessions, contexts, tokens, properties.getProviders(),
                    DynauthOAuth2.requestCache(), mappers.orderedStream().toList());
        }
    }

    /** Passkeys: repositories always (they are plain adapters), {@code webAuthn()} when enabled. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = OptionalDependencies.WEBAUTHN)
    static class PasskeyConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DynauthUserEntityRepository dynauthUserEntityRepository(Adapter adapter) {
            return new DynauthUserEntityRepository(adapter);
        }

        @Bean
        @ConditionalOnMissingBean
        DynauthUserCredentialRepository dynauthUserCredentialRepository(Adapter adapter, Clock clock,
                                                                        DynauthProperties properties,
                                                                        ObjectProvider<DynauthRelyingParty> relyingParty) {
            String configured = properties.getPasskeys().getRpId();
            return new DynauthUserCredentialRepository(adapter, DynauthStore.of(adapter), () -> {
                DynauthRelyingParty rp = relyingParty.getIfAvailable();
                return rp != null ? rp.rpId() : configured != null && !configured.isBlank() ? configured : "localhost";
            }, clock);
        }

        /** The relying party: id and origin from the public URL (or the trusted request), so any host and port work. */
        @Bean
        @ConditionalOnMissingBean(org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations.class)
        @ConditionalOnProperty(name = "dynauth.passkeys.enabled", havingValue = "true")
        DynauthRelyingParty dynauthRelyingParty(DynauthUserEntityRepository users,
                                                DynauthUserCredentialRepository credentials,
                                                DynauthProperties properties, PublicUrl publicUrl) {
            return new DynauthRelyingParty(users, credentials, properties.getPasskeys(), publicUrl);
        }

        @Bean
        @ConditionalOnMissingBean
        CookieWebAuthnOptionsRepositories.Creation dynauthWebAuthnCreationOptions(DynauthSecret secret,
                                                                                  DynauthProperties properties, Clock clock) {
            return new CookieWebAuthnOptionsRepositories.Creation(secret, properties.getCookie(), clock);
        }

        @Bean
        @ConditionalOnMissingBean
        CookieWebAuthnOptionsRepositories.Request dynauthWebAuthnRequestOptions(DynauthSecret secret,
                                                                                DynauthProperties properties, Clock clock) {
            return new CookieWebAuthnOptionsRepositories.Request(secret, properties.getCookie(), clock);
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(name = "dynauth.passkeys.enabled", havingValue = "true")
        DynauthWebAuthn dynauthWebAuthn(DynauthProperties properties, Adapter adapter, DynauthUserEntityRepository users,
                                        DynauthUserCredentialRepository credentials,
                                        CookieWebAuthnOptionsRepositories.Creation creation,
                                        CookieWebAuthnOptionsRepositories.Request request, DynauthSessions sessions,
                                        DynauthSecurityContextRepository contexts) {
            DynauthWebAuthn w = new DynauthWebAuthn(properties.getPasskeys(), adapter, users, credentials, creation, request,
                    sessions);
            contexts.setSignInHook(w.signInHook());
            return w;
        }

        @Bean
        static org.springframework.beans.factory.config.BeanPostProcessor dynauthWebAuthnFilterPostProcessor(
                ObjectProvider<DynauthWebAuthn> webAuthn, ObjectProvider<DynauthSecurityContextRepository> contexts) {
            return DynauthWebAuthn.filterChainPostProcessor(webAuthn, contexts);
        }
    }

    /** The default filter chain, when the application defines none. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    static class DefaultChainConfiguration {
        @Bean
        SecurityFilterChain dynauthSecurityFilterChain(HttpSecurity http, DynauthConfigurer dynauth,
                                                       DynauthProperties properties) throws Exception {
            http.with(dynauth, d -> { });
            http.authorizeHttpRequests(a -> {
                a.requestMatchers(AuthPaths.BASE + "/**", "/error").permitAll();
                String signInPage = properties.getSignInPage();
                if (signInPage.startsWith("/") && !signInPage.startsWith(AuthPaths.BASE + "/")) {
                    // the application's own sign-in page must be reachable signed out
                    int query = signInPage.indexOf('?');
                    a.requestMatchers(query < 0 ? signInPage : signInPage.substring(0, query)).permitAll();
                }
                if (!properties.getPublicPaths().isEmpty()) {
                    a.requestMatchers(properties.getPublicPaths().toArray(String[]::new)).permitAll();
                }
                if (properties.isProtectAll()) {
                    a.anyRequest().authenticated();
                } else {
                    a.anyRequest().permitAll();
                }
            });
            return http.build();
        }
    }

    /** Health of the table, when Spring Boot's health module is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "dynauthHealthIndicator")
        DynauthHealthIndicator dynauthHealthIndicator(DynamoDbClient client, TableOptions options) {
            return new DynauthHealthIndicator(client, options);
        }
    }

    /** Which DynamoDB the starter chose. */
    public record DynauthMode(DynauthProperties.Mode mode) {
        public boolean embedded() {
            return mode == DynauthProperties.Mode.EMBEDDED;
        }
    }

    /** Owns what the starter created: the embedded database, or the AWS client. */
    static final class EmbeddedDynamoDbHolder implements org.springframework.beans.factory.DisposableBean {
        // typed loosely so that nothing here needs dynauth-local's classes unless embedded mode runs
        private final org.springframework.beans.factory.DisposableBean db;
        private final DynamoDbClient embeddedClient;
        private DynamoDbClient awsClient;

        EmbeddedDynamoDbHolder(org.springframework.beans.factory.DisposableBean db, DynamoDbClient embeddedClient) {
            this.db = db;
            this.embeddedClient = embeddedClient;
        }

        DynamoDbClient client() {
            return embeddedClient;
        }

        DynamoDbClient track(DynamoDbClient client) {
            this.awsClient = client;
            return client;
        }

        @Override
        public void destroy() throws Exception {
            if (awsClient != null) {
                awsClient.close();
            }
            if (db != null) {
                db.destroy();
            }
        }
    }

    /** The mail sender of magic links, or null; typed by dynauth only, so that mail stays an optional dependency. */
    record MailSenderHolder(MagicLinkSender sender) {}
}
