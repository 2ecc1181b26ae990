package dev.dynauth.spring.autoconfigure;

import static dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.*;

import dev.dynauth.spring.web.PermittedPaths;
import dev.dynauth.spring.DynauthConfigurer;
import dev.dynauth.spring.DynauthProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** The default filter chain, when the application defines none. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnMissingBean(SecurityFilterChain.class)
class DefaultChainConfiguration {
    @Bean
    SecurityFilterChain dynauthSecurityFilterChain(HttpSecurity http, DynauthConfigurer dynauth,
                                                   DynauthProperties properties) throws Exception {
        http.with(dynauth, d -> { });
        http.authorizeHttpRequests(a -> {
            a.requestMatchers(PermittedPaths.of(properties).toArray(String[]::new)).permitAll();
            if (properties.isProtectAll()) {
                a.anyRequest().authenticated();
            } else {
                a.anyRequest().permitAll();
            }
        });
        return http.build();
    }
}
