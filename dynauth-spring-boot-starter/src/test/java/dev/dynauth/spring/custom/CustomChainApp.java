package dev.dynauth.spring.custom;

import dev.dynauth.AdapterUser;
import dev.dynauth.spring.DynauthConfigurer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The README's example: an application's own filter chain with dynauth applied. */
@SpringBootApplication
public class CustomChainApp {

    @Bean
    SecurityFilterChain app(HttpSecurity http, DynauthConfigurer dynauth) throws Exception {
        http.with(dynauth, d -> { })
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/admin/**").hasRole("USER")
                        .anyRequest().permitAll());
        return http.build();
    }

    @RestController
    static class Endpoints {
        @GetMapping("/admin/whoami")
        String whoami(@AuthenticationPrincipal AdapterUser user) {
            return user.email();
        }

        @GetMapping("/")
        String home() {
            return "home";
        }
    }
}
