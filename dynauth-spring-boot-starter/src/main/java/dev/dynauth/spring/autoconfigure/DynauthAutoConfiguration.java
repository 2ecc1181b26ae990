package dev.dynauth.spring.autoconfigure;

import dev.dynauth.spring.oauth2.AccountTokens;
import dev.dynauth.spring.DynauthConfigurer;
import dev.dynauth.spring.ui.DynauthPageLayout;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.spring.dynamodb.EmbeddedDynamoDb;
import dev.dynauth.spring.magiclink.MagicLinkSender;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.PublicUrl;

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
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
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
// one file per feature's configuration, imported in the order they were declared here (the order their
// @ConditionalOnMissingBean conditions see each other's beans)
@Import({ClientConfiguration.class, MetricsConfiguration.class, PublicUrlCheckConfiguration.class,
        MagicLinkConfiguration.class, MailConfiguration.class, OAuth2Configuration.class, PasskeyConfiguration.class,
        DefaultChainConfiguration.class, HealthConfiguration.class, TomcatConfiguration.class})
public class DynauthAutoConfiguration {

    static final Logger LOG = LoggerFactory.getLogger(DynauthAutoConfiguration.class);

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

    /** Every cookie's name and attributes (whether it is Secure): {@code dynauth.cookie.*} and the public URL. */
    @Bean
    @ConditionalOnMissingBean
    Cookies dynauthCookies(DynauthProperties properties, PublicUrl publicUrl) {
        return new Cookies(properties.getCookie(), publicUrl);
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
