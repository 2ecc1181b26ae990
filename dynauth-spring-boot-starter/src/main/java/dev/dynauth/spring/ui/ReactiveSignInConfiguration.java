package dev.dynauth.spring.ui;

import dev.dynauth.Adapter;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration;
import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.session.DynauthServerHttpSecurityCustomizer;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.PublicUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import reactor.core.publisher.Mono;

/**
 * The sign-in side of a reactive application: the {@link DynauthServerSignIn} bean over the session repository and
 * the features' {@link DynauthServerSignIn.Feature} beans (the pages and endpoints here, OAuth2 login from the OAuth2
 * feature), which the default reactive chain applies through a customizer (an application's own chain applies the
 * bean itself). Where dynauth's session side is (dynauth's adapter in a reactive application).
 */
@AutoConfiguration(after = DynauthAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean(Adapter.class)
@ConditionalOnClass({Mono.class, ServerHttpSecurity.class})
class ReactiveSignInConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DynauthServerSignIn dynauthServerSignInConfigurer(ServerSecurityContextRepository contexts,
                                                      ObjectProvider<ServerLogoutHandler> logoutHandlers,
                                                      PublicUrl publicUrl, Cookies cookies,
                                                      ObjectProvider<DynauthServerSignIn.Feature> features) {
        return new DynauthServerSignIn(contexts, logoutHandlers.orderedStream().toList(), publicUrl, cookies,
                features.orderedStream().toList());
    }

    /** The default chain applies the sign-in side. */
    @Bean
    DynauthServerHttpSecurityCustomizer dynauthServerSignIn(DynauthServerSignIn signIn) {
        return http -> signIn.configure(http);
    }

    /**
     * The pages and endpoints of each chain: magic links when the service can send, the providers of the
     * application's registrations, the application's {@link ServerPageLayout}; looked up when a chain is built.
     */
    @Bean
    @Order(200)
    DynauthServerSignIn.Feature dynauthServerEndpointsFeature(ServerSecurityContextRepository contexts,
                                                              PublicUrl publicUrl, Cookies cookies,
                                                              ObjectProvider<MagicLinkService> magicLinks,
                                                              ObjectProvider<SignInProviders> providers,
                                                              ObjectProvider<ServerPageLayout> layout,
                                                              DynauthProperties properties) {
        return http -> new ReactiveEndpoints(EndpointOptions.builder().server(contexts, publicUrl, cookies)
                .magicLinks(magicLinks.getIfAvailable(), properties.getMagicLink().isConfirm())
                .providers(providers.getIfAvailable())
                .signInPage(properties.getSignInPage())
                .serverLayout(layout.getIfAvailable(ServerPageLayout::standard)).build()).configure(http);
    }

    /** The reactive OAuth2 client (an optional dependency) is named only here, behind its class-level condition. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReactiveClientRegistrationRepository.class)
    static class OAuth2Providers {

        /**
         * Boot's repository is in memory and iterable; another lists nothing (its providers still work). Read once,
         * on first use: a reactive repository can only be asked for one registration without blocking.
         */
        @Bean
        SignInProviders dynauthServerSignInProviders(ObjectProvider<ReactiveClientRegistrationRepository> registrations) {
            return new SignInProviders() {
                private volatile List<Provider> all;

                @Override
                public List<Provider> all() {
                    List<Provider> list = all;
                    if (list == null) {
                        List<Provider> read = new ArrayList<>();
                        if (registrations.getIfAvailable() instanceof Iterable<?> it) {
                            for (Object o : it) {
                                if (o instanceof ClientRegistration r) {
                                    read.add(new Provider(r.getRegistrationId(), r.getClientName()));
                                }
                            }
                        }
                        all = list = List.copyOf(read);
                    }
                    return list;
                }

                @Override
                public Optional<Provider> find(String registrationId) {
                    return all().stream().filter(p -> p.registrationId().equals(registrationId)).findFirst();
                }
            };
        }
    }
}
