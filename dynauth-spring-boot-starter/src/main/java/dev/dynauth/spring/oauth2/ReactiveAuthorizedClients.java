package dev.dynauth.spring.oauth2;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link DynauthAuthorizedClientRepository} on WebFlux: the login's client stays on the exchange for the login handler
 * (which writes its tokens into the Account item); a signed-in user's clients are the Account items' tokens, read
 * and written through the blocking service on {@link Schedulers#boundedElastic()}.
 */
final class ReactiveAuthorizedClients implements ServerOAuth2AuthorizedClientRepository {

    static final String LOGIN_CLIENT = DynauthAuthorizedClientRepository.LOGIN_CLIENT;

    private final OAuth2AuthorizedClientService service;

    ReactiveAuthorizedClients(OAuth2AuthorizedClientService service) {
        this.service = service;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String clientRegistrationId,
                                                                         Authentication principal,
                                                                         ServerWebExchange exchange) {
        Object login = exchange.getAttribute(LOGIN_CLIENT);
        if (login instanceof OAuth2AuthorizedClient c
                && c.getClientRegistration().getRegistrationId().equals(clientRegistrationId)) {
            return Mono.just((T) c);
        }
        if (principal == null || login(principal) || service == null) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> (T) service.loadAuthorizedClient(clientRegistrationId, principal.getName()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Whether the principal is a login in progress, not a signed-in user: the reactive login filter saves the client
     * under the login's own token ({@link OAuth2LoginAuthenticationToken}, where the servlet filter passes the
     * {@link OAuth2AuthenticationToken}); its name is the provider's subject, no dynauth user id.
     */
    private static boolean login(Authentication principal) {
        return principal instanceof OAuth2AuthenticationToken || principal instanceof OAuth2LoginAuthenticationToken;
    }

    @Override
    public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
                                           ServerWebExchange exchange) {
        if (login(principal)) {
            exchange.getAttributes().put(LOGIN_CLIENT, client);
            return Mono.empty();
        }
        if (principal == null || service == null) {
            return Mono.empty();
        }
        return Mono.<Void>fromRunnable(() -> service.saveAuthorizedClient(client, principal))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> removeAuthorizedClient(String clientRegistrationId, Authentication principal,
                                             ServerWebExchange exchange) {
        exchange.getAttributes().remove(LOGIN_CLIENT);
        if (principal == null || login(principal) || service == null) {
            return Mono.empty();
        }
        return Mono.<Void>fromRunnable(() -> service.removeAuthorizedClient(clientRegistrationId, principal.getName()))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
