package dev.dynauth.bench.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The gateway of the gateway benchmark (bench/gateway-run), built as samples/gateway-shared-with-nextjs builds its
 * gateway: no code, one route in application.properties ({@code GET /me} to the downstream service's {@code /me}
 * with the starter's {@code DynauthIdentity} filter, which forwards the signed-in user as a short-lived signed token).
 */
@SpringBootApplication
public class GatewayBenchApp {

    public static void main(String[] args) {
        SpringApplication.run(GatewayBenchApp.class, args);
    }
}
