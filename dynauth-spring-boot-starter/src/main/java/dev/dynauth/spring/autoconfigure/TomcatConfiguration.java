package dev.dynauth.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tomcat (the default container): redirects never built from the Host header ({@link TomcatRelativeRedirects}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory")
class TomcatConfiguration {
    @Bean
    TomcatRelativeRedirects dynauthTomcatRelativeRedirects() {
        return new TomcatRelativeRedirects();
    }
}
