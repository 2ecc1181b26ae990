package dev.dynauth.bench.apps;

import dev.dynauth.AdapterUser;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application of the reactive benchmark (bench/reactive-run): the dynauth starter's defaults and one protected
 * endpoint, {@code GET /me}, answering the signed-in user's id. The same class runs as a WebFlux server or a Spring MVC
 * server ({@code --spring.main.web-application-type=reactive|servlet}), so both do exactly the same thing; the
 * starter's own {@code GET /api/auth/session} is the other request measured.
 */
@SpringBootApplication
@RestController
public class BenchApp {

    public static void main(String[] args) {
        SpringApplication.run(BenchApp.class, args);
    }

    /** Every path but /api/auth/** needs a signed-in user (the starter's default), so this one does. */
    @GetMapping(path = "/me", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, String> me(@AuthenticationPrincipal AdapterUser user) {
        return Map.of("id", user.id());
    }
}
