package com.example.reactive;

import dev.dynauth.AdapterUser;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@SpringBootApplication
@RestController
public class ReactiveApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReactiveApplication.class, args);
    }

    /** Every path but /api/auth/** needs a signed-in user: signed out, a browser goes to the sign-in page. */
    @GetMapping("/hello")
    public Mono<String> hello(@AuthenticationPrincipal AdapterUser user) {
        return Mono.just("Hello " + user.email());
    }
}
