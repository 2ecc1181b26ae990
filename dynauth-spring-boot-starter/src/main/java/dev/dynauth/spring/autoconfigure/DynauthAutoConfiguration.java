package dev.dynauth.spring.autoconfigure;

import dev.dynauth.spring.DynauthConfigurer;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.web.Cookies;

import dev.dynauth.Adapter;
import dev.dynauth.DynauthStore;
import dev.dynauth.TableOptions;
import java.time.Clock;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of dynauth, the one entry point: the properties, sessions in the Auth.js cookie (for now), the
 * {@link DynauthConfigurer} and a default security filter chain; each feature (DynamoDB, web, magic links, OAuth2,
 * passkeys, pages) brings its own configuration from its package ({@link FeatureConfigurations}).
 */
// Optional dependencies (Micrometer, mail, OAuth2 client, WebAuthn, dynauth-local, health) appear only in class-level
// conditions of the features' configurations: an application without them must start (OptionalDependenciesTest).
@AutoConfiguration(
        before = {SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
                UserDetailsServiceAutoConfiguration.class},
        beforeName = "org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration",
        afterName = {"org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration"})
@EnableConfigurationProperties(DynauthProperties.class)
// each feature's own configuration (in its package: FeatureConfigurations), then the default chain and Tomcat's
@Import({FeatureConfigurations.class, DefaultChainConfiguration.class, TomcatConfiguration.class})
public class DynauthAutoConfiguration {

    static final Logger LOG = LoggerFactory.getLogger(DynauthAutoConfiguration.class);

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

    /** The configurer to apply to the application's own filter chains: {@code http.with(dynauth, d -> {})}. */
    @Bean
    @org.springframework.context.annotation.Scope("prototype")
    @ConditionalOnMissingBean
    DynauthConfigurer dynauthConfigurer(DynauthSecurityContextRepository contexts, DynauthSessions sessions,
                                        ObjectProvider<DynauthConfigurer.Feature> features) {
        return new DynauthConfigurer(contexts, sessions, features.orderedStream().toList());
    }

    /** Which DynamoDB the starter chose. */
    public record DynauthMode(DynauthProperties.Mode mode) {
        public boolean embedded() {
            return mode == DynauthProperties.Mode.EMBEDDED;
        }
    }

}
