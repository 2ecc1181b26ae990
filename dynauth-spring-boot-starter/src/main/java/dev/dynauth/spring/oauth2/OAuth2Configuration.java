package dev.dynauth.spring.oauth2;

import dev.dynauth.Adapter;
import dev.dynauth.DynauthStore;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.DynauthConfigurer;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.web.DynauthSecret;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The OAuth2 feature: provider tokens on Account items always ({@link AccountTokens}), and with the OAuth2 client (an
 * optional dependency) and registrations, {@code oauth2Login} with Auth.js's account rules in each filter chain.
 */
@Configuration(proxyBeanMethods = false)
class OAuth2Configuration {

    @Bean
    @ConditionalOnMissingBean
    AccountTokens dynauthAccountTokens(Adapter adapter) {
        return new AccountTokens(DynauthStore.of(adapter));
    }

    /** OAuth2 login on Account items. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ClientRegistrationRepository.class)
    @ConditionalOnBean(ClientRegistrationRepository.class)
    static class Login {

        @Bean
        @ConditionalOnMissingBean
        OAuth2AuthorizedClientService dynauthAuthorizedClientService(ClientRegistrationRepository registrations,
                                                                     AccountTokens accounts, Adapter adapter) {
            return new AccountOAuth2AuthorizedClientService(registrations, accounts, adapter);
        }

        @Bean
        @ConditionalOnMissingBean
        DynauthAuthorizedClientRepository dynauthAuthorizedClientRepository(OAuth2AuthorizedClientService service) {
            return new DynauthAuthorizedClientRepository(service);
        }

        @Bean
        @ConditionalOnMissingBean
        CookieAuthorizationRequestRepository dynauthAuthorizationRequestRepository(DynauthSecret secret,
                                                                                   DynauthProperties properties,
                                                                                   DynamoDbClient client,
                                                                                   TableOptions options) {
            return new CookieAuthorizationRequestRepository(secret, properties.getCookie(),
                    new DynamoDbSingleUse(client, options));
        }

        @Bean
        @ConditionalOnMissingBean
        DynauthOAuth2LoginHandler dynauthOAuth2LoginHandler(Adapter adapter, DynauthSessions sessions,
                                                            DynauthSecurityContextRepository contexts,
                                                            AccountTokens tokens, DynauthProperties properties,
                                                            ObjectProvider<DynauthProfileMapper> mappers) {
            return new DynauthOAuth2LoginHandler(adapter, sessions, contexts, tokens, properties.getProviders(),
                    DynauthOAuth2.requestCache(), mappers.orderedStream().toList());
        }

        /** {@code oauth2Login} in each chain; the application's user services are looked up when a chain is built. */
        @Bean
        @Order(300)
        DynauthConfigurer.Feature dynauthOAuth2Feature(
                ClientRegistrationRepository registrations, DynauthProperties properties,
                DynauthOAuth2LoginHandler handler, CookieAuthorizationRequestRepository authorizationRequests,
                DynauthAuthorizedClientRepository authorizedClients,
                ObjectProvider<OAuth2UserService<OAuth2UserRequest, OAuth2User>> oauth2Users,
                ObjectProvider<OAuth2UserService<OidcUserRequest, OidcUser>> oidcUsers) {
            String signInPage = properties.getSignInPage();
            return new DynauthConfigurer.Feature() {
                @Override
                public void init(HttpSecurity http) {
                    DynauthOAuth2.configure(http, registrations, signInPage, handler, authorizationRequests,
                            authorizedClients, oauth2Users.getIfUnique(), oidcUsers.getIfUnique());
                }
            };
        }
    }
}
