package dev.dynauth.spring.reactive;

import dev.dynauth.AdapterUser;
import dev.dynauth.spring.app.TestApp;
import dev.dynauth.spring.ui.DynauthServerSignIn;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The reactive application under test: WebFlux on Netty, the starter, the servlet test app's clock and link catcher,
 * and the same two endpoints ({@code /me} signed in, {@code /public/hello} open).
 */
@SpringBootApplication
public class ReactiveTestApp {

    /** The properties a test of this app adds: a reactive web application on loopback. */
    public static final String REACTIVE = "spring.main.web-application-type=reactive";

    @Bean
    TestApp.MutableClock clock() {
        return new TestApp.MutableClock(TestApp.MutableClock.start());
    }

    @Bean
    TestApp.CapturingSender capturingSender() {
        return new TestApp.CapturingSender();
    }

    @Bean
    SecurityWebFilterChain chain(ServerHttpSecurity http, ApplicationContext context, StandInSessions sessions) {
        http.securityContextRepository(sessions);
        DynauthServerSignIn.configure(http, context);
        http.authorizeExchange(a -> a.pathMatchers("/api/auth/**", "/public/**").permitAll().anyExchange().authenticated());
        return http.build();
    }

    @Bean
    StandInSessions standInSessions(dev.dynauth.Adapter adapter, java.time.Clock clock) {
        return new StandInSessions(adapter, clock);
    }

    @RestController
    static class Endpoints {
        @GetMapping("/me")
        Mono<String> me(@AuthenticationPrincipal AdapterUser user) {
            return Mono.just(user.id() + " " + user.email());
        }

        @GetMapping("/public/hello")
        Mono<String> hello() {
            return Mono.just("hello");
        }
    }
}
