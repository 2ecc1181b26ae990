package dev.dynauth.spring.web;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.DynauthMode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** In a web application, the start-up check of the public URL (see {@link PublicUrl#checkAtStartUp}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class PublicUrlCheckConfiguration {

    /** The logger of Tomcat's HTTP/1.1 request parser. */
    static final String TOMCAT_PARSER_LOGGER = "org.apache.coyote.http11.Http11Processor";
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
                org.springframework.boot.logging.LoggingSystem.get(PublicUrlCheckConfiguration.class.getClassLoader())
                        .setLogLevel(TOMCAT_PARSER_LOGGER, org.springframework.boot.logging.LogLevel.WARN);
            }
        };
    }
}
