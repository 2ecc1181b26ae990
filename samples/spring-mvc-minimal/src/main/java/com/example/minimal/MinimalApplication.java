package com.example.minimal;

import dev.dynauth.AdapterUser;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class MinimalApplication {

    public static void main(String[] args) {
        SpringApplication.run(MinimalApplication.class, args);
    }

    /** Every path but /api/auth/** needs a signed-in user: signed out, a browser goes to the sign-in page. */
    @GetMapping("/hello")
    public String hello(@AuthenticationPrincipal AdapterUser user) {
        return "Hello " + user.email();
    }
}
