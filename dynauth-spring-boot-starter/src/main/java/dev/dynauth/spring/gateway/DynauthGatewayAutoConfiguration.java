package dev.dynauth.spring.gateway;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.PublicUrl;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Identity forwarding at a Spring Cloud Gateway, on when the gateway's server is on the class path: WebFlux
 * ({@code spring-cloud-starter-gateway-server-webflux}) gets the route filter {@code DynauthIdentity}, WebMvc
 * ({@code spring-cloud-starter-gateway-server-webmvc}) the {@code DynauthGatewayMvc} filter functions; both publish
 * the JWK set. Every type it names that the application may lack is named by string.
 */
@AutoConfiguration(afterName = "dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration")
@ConditionalOnProperty(name = "dynauth.gateway.enabled", matchIfMissing = true)
@EnableConfigurationProperties({DynauthGatewayProperties.class, DynauthProperties.class})
class DynauthGatewayAutoConfiguration {

    static final String WEBFLUX_GATEWAY = "org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory";
    static final String WEBMVC_GATEWAY = "org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions";
    static final String JOSE = "org.springframework.security.oauth2.jwt.NimbusJwtEncoder";

    static GatewayIdentity identity(DynauthGatewayProperties gateway, DynauthProperties dynauth,
                                    ObjectProvider<PublicUrl> publicUrl, ObjectProvider<Clock> clock, Environment env) {
        if (gateway.getMode() == DynauthGatewayProperties.Mode.JWT
                && !ClassUtils.isPresent(JOSE, DynauthGatewayAutoConfiguration.class.getClassLoader())) {
            throw new IllegalStateException("dynauth.gateway mints its tokens with Spring Security's NimbusJwtEncoder, "
                    + "which is not on the classpath: add org.springframework.security:spring-security-oauth2-jose (its "
                    + "version comes from Spring Boot's dependency management), or set dynauth.gateway.mode=header on a "
                    + "trusted network");
        }
        return GatewayIdentity.of(gateway, dynauth, publicUrl.getIfAvailable(() -> PublicUrl.fromConfiguration(dynauth, env)),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = WEBFLUX_GATEWAY)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class WebFluxGateway {

        @Bean
        @ConditionalOnMissingBean
        GatewayIdentity dynauthGatewayIdentity(DynauthGatewayProperties gateway, DynauthProperties dynauth,
                                               ObjectProvider<PublicUrl> publicUrl, ObjectProvider<Clock> clock,
                                               Environment env) {
            return identity(gateway, dynauth, publicUrl, clock, env);
        }

        @Bean
        DynauthIdentityGatewayFilterFactory dynauthIdentityGatewayFilterFactory(GatewayIdentity identity) {
            return new DynauthIdentityGatewayFilterFactory(identity);
        }

        @Bean
        org.springframework.web.server.WebFilter dynauthJwkSetWebFilter(GatewayIdentity identity) {
            return identity.jwkSetDocument().<org.springframework.web.server.WebFilter>map(JwkSetWebFilter::new)
                    .orElse((exchange, chain) -> chain.filter(exchange));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = WEBMVC_GATEWAY)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class WebMvcGateway {

        @Bean
        @ConditionalOnMissingBean
        GatewayIdentity dynauthGatewayIdentity(DynauthGatewayProperties gateway, DynauthProperties dynauth,
                                               ObjectProvider<PublicUrl> publicUrl, ObjectProvider<Clock> clock,
                                               Environment env) {
            return identity(gateway, dynauth, publicUrl, clock, env);
        }

        @Bean
        DynauthGatewayMvc dynauthGatewayMvc(GatewayIdentity identity) {
            return new DynauthGatewayMvc(identity);
        }

        @Bean
        org.springframework.boot.web.servlet.FilterRegistrationBean<JwkSetServletFilter> dynauthJwkSetFilter(
                GatewayIdentity identity) {
            // in header mode there is no key to publish
            var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new JwkSetServletFilter(
                    identity.jwkSetDocument().orElse(new GatewayIdentity.JwkSetDocument("/", new byte[0]))));
            // before Spring Security's filter chain (-100)
            registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 100);
            registration.setEnabled(identity.jwkSetDocument().isPresent());
            return registration;
        }
    }
}
