package dev.dynauth.spring.reactive;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.web.ServerExchanges;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Database sessions in the Auth.js cookie, as simply as possible: stands in until the reactive session core is merged. */
final class StandInSessions implements ServerSecurityContextRepository {
    private static final String COOKIE = "authjs.session-token";
    private final Adapter adapter;
    private final Clock clock;

    StandInSessions(Adapter adapter, Clock clock) {
        this.adapter = adapter;
        this.clock = clock;
    }

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        if (context == null || context.getAuthentication() == null
                || !(context.getAuthentication().getPrincipal() instanceof AdapterUser user)) {
            HttpCookie old = exchange.getRequest().getCookies().getFirst(COOKIE);
            exchange.getResponse().addCookie(ResponseCookie.from(COOKIE, "").path("/").maxAge(0).build());
            return old == null ? Mono.empty() : Mono.<Void>fromRunnable(() -> adapter.deleteSession(old.getValue()))
                    .subscribeOn(Schedulers.boundedElastic());
        }
        String token = UUID.randomUUID().toString();
        return Mono.fromRunnable(() -> adapter.createSession(new AdapterSession(token, user.id(),
                        clock.instant().plus(Duration.ofDays(30))))).subscribeOn(Schedulers.boundedElastic())
                .then(Mono.fromRunnable(() -> exchange.getResponse().addCookie(ResponseCookie.from(COOKIE, token)
                        .httpOnly(true).sameSite("Lax").path("/").build())));
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
        if (cookie == null || cookie.getValue().isEmpty() || cookie.getValue().length() > 200) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> adapter.getSessionAndUser(cookie.getValue()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(s -> s.filter(x -> x.session().expires().isAfter(clock.instant()))
                        .<SecurityContext>map(x -> new SecurityContextImpl(ServerExchanges.signedIn(x.user())))
                        .map(Mono::just).orElseGet(Mono::empty));
    }
}
