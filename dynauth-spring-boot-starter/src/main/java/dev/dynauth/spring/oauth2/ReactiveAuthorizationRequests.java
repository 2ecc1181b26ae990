package dev.dynauth.spring.oauth2;

import dev.dynauth.spring.web.CookieSealer;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.RequestFacts;
import java.time.Duration;
import org.springframework.http.HttpCookie;
import org.springframework.security.oauth2.client.web.server.ServerAuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link CookieAuthorizationRequestRepository} on WebFlux: the same sealed cookie (so a callback may reach any
 * instance, of either stack), bound to the state and to the provider, and its state good once across instances
 * ({@link DynamoDbSingleUse}, a conditional put on the blocking client, run on {@link Schedulers#boundedElastic()}).
 */
final class ReactiveAuthorizationRequests implements ServerAuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    /** Exchange attribute: the authorization request the callback consumed (for its {@code callbackUrl}). */
    static final String CONSUMED = CookieAuthorizationRequestRepository.CONSUMED;

    private final CookieSealer sealer;
    private final Cookies cookies;
    private final CookieAuthorizationRequestRepository.SingleUse singleUse;

    ReactiveAuthorizationRequests(CookieSealer sealer, Cookies cookies,
                                  CookieAuthorizationRequestRepository.SingleUse singleUse) {
        this.sealer = sealer;
        this.cookies = cookies;
        this.singleUse = singleUse;
    }

    @Override
    public Mono<OAuth2AuthorizationRequest> loadAuthorizationRequest(ServerWebExchange exchange) {
        return Mono.fromSupplier(() -> load(exchange));
    }

    private OAuth2AuthorizationRequest load(ServerWebExchange exchange) {
        String state = exchange.getRequest().getQueryParams().getFirst(OAuth2ParameterNames.STATE);
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(sealer.name());
        if (state == null || cookie == null || cookie.getValue().isEmpty()) {
            return null;
        }
        String plain = sealer.open(cookie.getValue());
        OAuth2AuthorizationRequest stored = plain == null ? null : CookieAuthorizationRequestRepository.deserialize(plain);
        return stored != null && state.equals(stored.getState()) && CookieAuthorizationRequestRepository.callbackOf(
                exchange.getRequest().getPath().value(), stored) ? stored : null;
    }

    @Override
    public Mono<Void> saveAuthorizationRequest(OAuth2AuthorizationRequest request, ServerWebExchange exchange) {
        return Mono.fromRunnable(() -> {
            if (request == null) {
                clear(exchange);
            } else {
                set(exchange, sealer.seal(CookieAuthorizationRequestRepository.serialize(request)),
                        CookieAuthorizationRequestRepository.maxAge());
            }
        });
    }

    @Override
    public Mono<OAuth2AuthorizationRequest> removeAuthorizationRequest(ServerWebExchange exchange) {
        return loadAuthorizationRequest(exchange).flatMap(loaded -> {
            clear(exchange);
            // the cookie may have been copied: its state is good once, on whichever instance sees it first
            return Mono.fromCallable(() -> CookieAuthorizationRequestRepository.firstUse(singleUse, loaded))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(first -> {
                        if (!first) {
                            return Mono.empty();
                        }
                        exchange.getAttributes().put(CONSUMED, loaded);
                        return Mono.just(loaded);
                    });
        });
    }

    private void clear(ServerWebExchange exchange) {
        set(exchange, "", Duration.ZERO);
    }

    private void set(ServerWebExchange exchange, String value, Duration maxAge) {
        exchange.getResponse().addCookie(cookies.cookie(cookies.secure(RequestFacts.of(exchange.getRequest()).secure()), sealer.name(), value,
                maxAge).build());
    }
}
