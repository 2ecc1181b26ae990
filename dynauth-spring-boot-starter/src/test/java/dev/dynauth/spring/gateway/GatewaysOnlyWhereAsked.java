package dev.dynauth.spring.gateway;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Test class path only: both Spring Cloud Gateway servers are there for the gateway tests (they are optional
 * dependencies of the starter), and Spring Cloud Gateway on WebFlux refuses to start beside Spring MVC
 * ({@code MvcFoundOnClasspathException}). So every test application has the WebFlux gateway off unless it turns it
 * on ({@link TestGateway} does), as a servlet application, which never declares that gateway, has it. (The WebMvc
 * gateway cannot be switched off this way: its filter auto-configurations then miss its properties bean.) The
 * starter's gateway feature is off as well unless a test turns it on ({@code dynauth.gateway.enabled}).
 */
class GatewaysOnlyWhereAsked implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("gateways-only-where-asked", Map.of(
                "spring.cloud.gateway.server.webflux.enabled", "false", "dynauth.gateway.enabled", "false")));
    }
}
