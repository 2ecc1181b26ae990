package dev.dynauth.spring.web;

import dev.dynauth.spring.DynauthConfigurer;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.DynauthMode;
import dev.dynauth.spring.ui.DynauthPageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The web feature: the public URL, every cookie's rule, the secret, and in each filter chain the CSRF cookie, the
 * cookie request cache, the sign-in entry point and the guard filter (400/404/503 pages).
 */
@Configuration(proxyBeanMethods = false)
@Import(PublicUrlCheckConfiguration.class)
class WebConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WebConfiguration.class);

    /** The secret: {@link DynauthSecret#fromConfiguration}, else generated in embedded mode, else a start-up error. */
    @Bean
    @ConditionalOnMissingBean
    DynauthSecret dynauthSecret(DynauthProperties properties, Environment env, ObjectProvider<DynauthMode> mode) {
        java.util.Optional<DynauthSecret> configured = DynauthSecret.fromConfiguration(properties.getSecret(),
                env::getProperty);
        if (configured.isPresent()) {
            return configured.get();
        }
        DynauthMode m = mode.getIfAvailable();
        if (m != null && m.embedded()) {
            LOG.warn("dynauth: no dynauth.secret (or AUTH_SECRET) set: generated a random one for this run (embedded "
                    + "mode). Magic links will not survive a restart nor work with an Auth.js app.");
            return DynauthSecret.generate();
        }
        throw new IllegalStateException("dynauth.secret is not set: set it (or the AUTH_SECRET environment variable) to "
                + "the AUTH_SECRET of the Auth.js app sharing the table, e.g. the output of `openssl rand -hex 32`");
    }

    /**
     * The public URL every absolute URL is built from; fails the start-up when none is configured, the request's
     * host is not trusted and the application is not a development one (embedded or bound to loopback).
     */
    @Bean
    @ConditionalOnMissingBean
    PublicUrl dynauthPublicUrl(DynauthProperties properties, Environment env) {
        return PublicUrl.fromConfiguration(properties, env);
    }

    /** Every cookie's name and attributes (whether it is Secure): {@code dynauth.cookie.*} and the public URL. */
    @Bean
    @ConditionalOnMissingBean
    Cookies dynauthCookies(DynauthProperties properties, PublicUrl publicUrl) {
        return new Cookies(properties.getCookie(), publicUrl);
    }

    @Bean
    @Order(100)
    DynauthConfigurer.Feature dynauthWebFeature(PublicUrl publicUrl, Cookies cookies, DynauthProperties properties,
                                                ObjectProvider<DynauthPageLayout> layout) {
        return new WebFeature(publicUrl, cookies, properties.getSignInPage(),
                layout.getIfAvailable(DynauthPageLayout::standard));
    }
}
