package dev.dynauth.spring.oauth2;

import dev.dynauth.Adapter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.security.oauth2.client.autoconfigure.ConditionalOnOAuth2ClientRegistrationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * Replaces Spring Boot's in-memory {@link OAuth2AuthorizedClientService} with one backed by Auth.js
 * Account items; runs before Boot's OAuth2 client auto-configuration, which would otherwise define its own.
 */
// class references on the class level only: read from the class file, they never load a missing class
@AutoConfiguration(before = OAuth2ClientAutoConfiguration.class)
@ConditionalOnClass({ClientRegistrationRepository.class, OAuth2ClientAutoConfiguration.class})
@ConditionalOnOAuth2ClientRegistrationProperties
class DynauthOAuth2ClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OAuth2AuthorizedClientService dynauthAuthorizedClientService(ObjectProvider<ClientRegistrationRepository> registrations,
                                                                 @Lazy AccountTokens accounts, @Lazy Adapter adapter) {
        java.util.function.Supplier<ClientRegistrationRepository> lookup = registrations::getObject;
        return new AccountOAuth2AuthorizedClientService(lookup, accounts, adapter);
    }
}
