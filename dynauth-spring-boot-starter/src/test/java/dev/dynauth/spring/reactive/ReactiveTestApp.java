package dev.dynauth.spring.reactive;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.session.DynauthServerSecurityContextRepository;
import dev.dynauth.spring.app.TestApp;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The reactive (WebFlux, Netty) application under test: the starter's defaults, the servlet test app's movable clock,
 * and endpoints that read the signed-in user both ways ({@code @AuthenticationPrincipal}, the reactive holder).
 * Run with {@code spring.main.web-application-type=reactive} (the starter also brings Spring MVC).
 */
@SpringBootApplication
public class ReactiveTestApp {

    /** The property a test of this app adds: a reactive web application. */
    public static final String REACTIVE = "spring.main.web-application-type=reactive";

    @Bean
    TestApp.MutableClock clock() {
        return new TestApp.MutableClock(TestApp.MutableClock.start());
    }

    /** Keeps the magic links instead of mailing them, as in the servlet test app ({@code test.capturing-sender=false}: none). */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "test.capturing-sender",
            havingValue = "true", matchIfMissing = true)
    TestApp.CapturingSender capturingSender() {
        return new TestApp.CapturingSender();
    }

    @RestController
    static class Endpoints {
        private final Adapter adapter;
        private final DynauthServerSecurityContextRepository repository;

        Endpoints(Adapter adapter, DynauthServerSecurityContextRepository repository) {
            this.adapter = adapter;
            this.repository = repository;
        }

        @GetMapping("/me")
        Mono<String> me(@AuthenticationPrincipal AdapterUser user) {
            return Mono.just(user.id() + " " + user.email());
        }

        /** A write: a JWT's user item is checked on unsafe methods. */
        @PostMapping("/me")
        Mono<String> meWrite(@AuthenticationPrincipal AdapterUser user) {
            return me(user);
        }

        @GetMapping("/holder")
        Mono<String> holder() {
            return ReactiveSecurityContextHolder.getContext()
                    .map(c -> ((AdapterUser) c.getAuthentication().getPrincipal()).id());
        }

        /** Test-only sign-in: the repository issues a session for the user, as a sign-in page would. */
        @PostMapping("/test/sign-in/{id}")
        Mono<String> signIn(@PathVariable("id") String id, ServerWebExchange exchange) {
            return Mono.fromCallable(() -> adapter.getUser(id).orElseThrow()).subscribeOn(Schedulers.boundedElastic())
                    .flatMap(user -> repository.signIn(exchange, user)).map(a -> a.getName());
        }

        /** A deliberate blocking call on the event loop: BlockHound must catch it ({@link ReactiveBlockHoundTest}). */
        @GetMapping("/test/block")
        Mono<String> block() throws InterruptedException {
            Thread.sleep(1);
            return Mono.just("blocked");
        }

        @GetMapping("/public/hello")
        Mono<String> hello() {
            return Mono.just("hello");
        }
    }
}
