package dev.dynauth.spring.oauth2;

import dev.dynauth.Adapter;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration;
import dev.dynauth.spring.ui.DynauthServerSignIn;
import dev.dynauth.spring.web.CookieSealer;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.spring.web.PublicUrl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The OAuth2 feature of a reactive application: with the OAuth2 client (an optional dependency) and registrations,
 * {@code oauth2Login} with Auth.js's account rules in each reactive chain ({@link DynauthServerOAuth2}, applied by
 * {@link DynauthServerSignIn} after the pages and endpoints).
 */
// class references on the class level only: read from the class file, they never load a missing class
@AutoConfiguration(after = {DynauthAutoConfiguration.class, ReactiveOAuth2ClientAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({Mono.class, ServerHttpSecurity.class, ReactiveClientRegistrationRepository.class})
@ConditionalOnBean({Adapter.class, ReactiveClientRegistrationRepository.class})
class ReactiveOAuth2Configuration {

    @Bean
    @Order(300)
    DynauthServerSignIn.Feature dynauthServerOAuth2Feature(
            ReactiveClientRegistrationRepository registrations, DynauthProperties properties, PublicUrl publicUrl,
            Cookies cookies, ServerSecurityContextRepository contexts, Adapter adapter, AccountTokens tokens,
            ObjectProvider<DynauthProfileMapper> mappers, DynauthSecret secret, DynamoDbClient client,
            TableOptions table, ObjectProvider<OAuth2AuthorizedClientService> authorizedClients) {
        AccountLinking linking = new AccountLinking(adapter, tokens, properties.getProviders(),
                mappers.orderedStream().toList());
        ReactiveAuthorizationRequests requests = new ReactiveAuthorizationRequests(
                new CookieSealer(CookieAuthorizationRequestRepository.COOKIE, secret, properties.getCookie()), cookies,
                new DynamoDbSingleUse(client, table));
        return new DynauthServerOAuth2(registrations, linking, requests,
                new ReactiveAuthorizedClients(authorizedClients.getIfAvailable()), contexts, publicUrl);
    }
}
