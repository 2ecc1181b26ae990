package dev.dynauth.bench.downstream;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service behind the gateway in the gateway benchmark (bench/gateway-run), as samples/gateway-shared-with-nextjs
 * builds its service: Spring Boot's resource server checks every request's Bearer token against the gateway's JWK
 * set, issuer and this service's audience (application.properties); {@code GET /me} answers the token's user id, as
 * the reactive benchmark's {@code BenchApp} answers its session's.
 */
@SpringBootApplication
@RestController
public class DownstreamBenchApp {

    public static void main(String[] args) {
        SpringApplication.run(DownstreamBenchApp.class, args);
    }

    @GetMapping(path = "/me", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, String> me(@AuthenticationPrincipal Jwt token) {
        return Map.of("id", token.getSubject());
    }
}
