package com.example.gatewaymvc;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.stripPrefix;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import dev.dynauth.spring.gateway.DynauthGatewayMvc;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The gateway's two routes to the service, as gateway/ has them in its properties: on WebMvc a route with dynauth's
 * filter is a {@code RouterFunction} bean, and {@link DynauthGatewayMvc#identity} is the filter.
 */
@SpringBootApplication
public class GatewayMvcApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayMvcApplication.class, args);
    }

    /** /api/me: the service's JSON for API clients; anonymous requests get 401. */
    @Bean
    RouterFunction<ServerResponse> serviceApi(DynauthGatewayMvc dynauth, @Value("${sample.service-url}") String service) {
        return route("service-api").GET("/api/me", http())
                .before(uri(service)).before(stripPrefix(1))
                .filter(dynauth.identity("sample-service", "refuse"))
                .build();
    }

    /** /me: the same for browsers; anonymous ones go to the Next.js app's sign-in page and come back. */
    @Bean
    RouterFunction<ServerResponse> servicePage(DynauthGatewayMvc dynauth, @Value("${sample.service-url}") String service) {
        return route("service-page").GET("/me", http())
                .before(uri(service))
                .filter(dynauth.identity("sample-service", "redirect"))
                .build();
    }
}
