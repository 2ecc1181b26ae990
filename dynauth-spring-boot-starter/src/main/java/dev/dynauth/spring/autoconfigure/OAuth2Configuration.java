package dev.dynauth.spring.autoconfigure;

import static dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.*;

import dev.dynauth.spring.oauth2.AccountOAuth2AuthorizedClientService;
import dev.dynauth.spring.oauth2.AccountTokens;
import dev.dynauth.spring.oauth2.CookieAuthorizationRequestRepository;
import dev.dynauth.spring.oauth2.DynamoDbSingleUse;
import dev.dynauth.spring.oauth2.DynauthAuthorizedClientRepository;
import dev.dynauth.spring.oauth2.DynauthOAuth2;
import dev.dynauth.spring.oauth2.DynauthOAuth2LoginHandler;
import dev.dynauth.spring.oauth2.DynauthProfileMapper;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.Adapter;
import dev.dynauth.TableOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** OAuth2 login on Account items. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = OptionalDependencies.OAUTH2_CLIENT)
@ConditionalOnBean(type = OptionalDependencies.OAUTH2_CLIENT)
class OAuth2Configuration {

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
                                                        DynauthSecurityContextRepository contexts, AccountTokens tokens,
                                                        DynauthProperties properties,
                                                        ObjectProvider<DynauthProfileMapper> mappers) {
        return new DynauthOAuth2LoginHandler(adapter, sessions, contexts, tokens, properties.getProviders(),
                DynauthOAuth2.requestCache(), mappers.orderedStream().toList());
    }
}
