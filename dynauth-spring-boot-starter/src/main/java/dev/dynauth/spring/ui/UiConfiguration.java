package dev.dynauth.spring.ui;

import dev.dynauth.spring.DynauthConfigurer;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/** The pages and endpoints feature: the page layout and, in each filter chain, the endpoints' filters. */
@Configuration(proxyBeanMethods = false)
class UiConfiguration {

    /** The starter's pages in their bare default document; an application's own bean replaces it. */
    @Bean
    @ConditionalOnMissingBean
    DynauthPageLayout dynauthPageLayout() {
        return DynauthPageLayout.standard();
    }

    /**
     * The endpoints of each chain: magic links when the service can send, the providers of the application's
     * registrations, the passkey button when passkeys are on (a start-up error without their dependency); looked up
     * when a chain is built.
     */
    @Bean
    @Order(200)
    DynauthConfigurer.Feature dynauthEndpointsFeature(DynauthSessions sessions, DynauthSecurityContextRepository contexts,
                                                      ObjectProvider<MagicLinkService> magicLinks,
                                                      ObjectProvider<SignInProviders> providers,
                                                      ObjectProvider<DynauthPageLayout> layout,
                                                      DynauthProperties properties) {
        return new DynauthConfigurer.Feature() {
            @Override
            public void configure(HttpSecurity http) {
                new UiFeature(EndpointOptions.builder().sessions(sessions, contexts)
                        .magicLinks(magicLinks.getIfAvailable(), properties.getMagicLink().isConfirm())
                        .providers(providers.getIfAvailable())
                        .signInPage(properties.getSignInPage())
                        .passkeys(properties.getPasskeys().isEnabled())
                        .layout(layout.getIfAvailable(DynauthPageLayout::standard)).build()).configure(http);
            }
        };
    }

    /**
     * The OAuth2 client (an optional dependency) is named only here, behind its class-level condition; a reactive
     * application's providers come from its reactive repository ({@link ReactiveSignInConfiguration}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ClientRegistrationRepository.class)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class OAuth2Providers {
        @Bean
        SignInProviders dynauthSignInProviders(ObjectProvider<ClientRegistrationRepository> registrations) {
            return new SignInProviders() {
                @Override
                public List<Provider> all() {
                    List<Provider> list = new ArrayList<>();
                    if (registrations.getIfAvailable() instanceof Iterable<?> it) {
                        for (Object o : it) {
                            if (o instanceof ClientRegistration r) {
                                list.add(new Provider(r.getRegistrationId(), r.getClientName()));
                            }
                        }
                    }
                    return list;
                }

                @Override
                public Optional<Provider> find(String registrationId) {
                    ClientRegistrationRepository repository = registrations.getIfAvailable();
                    ClientRegistration r = repository == null ? null : repository.findByRegistrationId(registrationId);
                    return r == null ? Optional.empty() : Optional.of(new Provider(r.getRegistrationId(), r.getClientName()));
                }
            };
        }
    }
}
