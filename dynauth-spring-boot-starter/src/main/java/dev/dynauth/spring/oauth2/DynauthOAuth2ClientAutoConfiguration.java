package dev.dynauth.spring.oauth2;

import dev.dynauth.spring.autoconfigure.OptionalDependencies;

import dev.dynauth.Adapter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.security.oauth2.client.autoconfigure.ConditionalOnOAuth2ClientRegistrationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * Replaces Spring Boot's in-memory {@link OAuth2AuthorizedClientService} with one backed by Auth.js
 * Account items; runs before Boot's OAuth2 client auto-configuration, which would otherwise define its own.
 */
@AutoConfiguration(beforeName = OptionalDependencies.OAUTH2_CLIENT_BOOT)
@ConditionalOnClass(name = {OptionalDependencies.OAUTH2_CLIENT, OptionalDependencies.OAUTH2_CLIENT_BOOT})
@ConditionalOnOAuth2ClientRegistrationProperties
public class DynauthOAuth2ClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OAuth2AuthorizedClientService dynauthAuthorizedClientService(ObjectProvider<ClientRegistrationRepository> registrations,
                                                                 @Lazy AccountTokens accounts, @Lazy Adapter adapter) {
        java.util.function.Supplier<ClientRegistrationRepository> lookup = registrations::getObject;
        return new AccountOAuth2AuthorizedClientService(lookup, accounts, adapter);
    }
}
