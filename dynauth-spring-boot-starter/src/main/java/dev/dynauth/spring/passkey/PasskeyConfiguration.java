package dev.dynauth.spring.passkey;

import dev.dynauth.spring.DynauthConfigurer;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.ui.DynauthPageLayout;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.Adapter;
import dev.dynauth.DynauthStore;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.oauth2.DynamoDbSingleUse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

/**
 * The passkey feature, with spring-security-webauthn (an optional dependency, named only in this class-level
 * condition): repositories always (they are plain adapters), {@code webAuthn()} and the passkeys page when enabled.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(UserCredentialRepository.class)
class PasskeyConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DynauthUserEntityRepository dynauthUserEntityRepository(Adapter adapter) {
        return new DynauthUserEntityRepository(adapter);
    }

    @Bean
    @ConditionalOnMissingBean
    DynauthUserCredentialRepository dynauthUserCredentialRepository(Adapter adapter, Clock clock,
                                                                    DynauthProperties properties,
                                                                    ObjectProvider<DynauthRelyingParty> relyingParty) {
        String configured = properties.getPasskeys().getRpId();
        return new DynauthUserCredentialRepository(adapter, DynauthStore.of(adapter), () -> {
            DynauthRelyingParty rp = relyingParty.getIfAvailable();
            return rp != null ? rp.rpId() : configured != null && !configured.isBlank() ? configured : "localhost";
        }, clock);
    }

    /** The relying party: id and origin from the public URL (or the trusted request), so any host and port work. */
    @Bean
    @ConditionalOnMissingBean(WebAuthnRelyingPartyOperations.class)
    @ConditionalOnProperty(name = "dynauth.passkeys.enabled", havingValue = "true")
    DynauthRelyingParty dynauthRelyingParty(DynauthUserEntityRepository users,
                                            DynauthUserCredentialRepository credentials,
                                            DynauthProperties properties, PublicUrl publicUrl) {
        return new DynauthRelyingParty(users, credentials, properties.getPasskeys(), publicUrl);
    }

    @Bean
    @ConditionalOnMissingBean
    CookieWebAuthnOptionsRepositories.Creation dynauthWebAuthnCreationOptions(DynauthSecret secret,
                                                                              DynauthProperties properties, Clock clock,
                                                                              DynamoDbClient client, TableOptions options) {
        return new CookieWebAuthnOptionsRepositories.Creation(secret, properties.getCookie(), clock)
                .singleUse(new DynamoDbSingleUse(client, options));
    }

    @Bean
    @ConditionalOnMissingBean
    CookieWebAuthnOptionsRepositories.Request dynauthWebAuthnRequestOptions(DynauthSecret secret,
                                                                            DynauthProperties properties, Clock clock,
                                                                            DynamoDbClient client, TableOptions options) {
        return new CookieWebAuthnOptionsRepositories.Request(secret, properties.getCookie(), clock)
                .singleUse(new DynamoDbSingleUse(client, options));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "dynauth.passkeys.enabled", havingValue = "true")
    DynauthWebAuthn dynauthWebAuthn(DynauthProperties properties, Adapter adapter, DynauthUserEntityRepository users,
                                    DynauthUserCredentialRepository credentials,
                                    CookieWebAuthnOptionsRepositories.Creation creation,
                                    CookieWebAuthnOptionsRepositories.Request request, DynauthSessions sessions,
                                    DynauthSecurityContextRepository contexts) {
        DynauthWebAuthn w = new DynauthWebAuthn(properties.getPasskeys(), adapter, users, credentials, creation, request,
                sessions);
        contexts.setSignInHook(w.signInHook());
        return w;
    }

    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor dynauthWebAuthnFilterPostProcessor(
            ObjectProvider<DynauthWebAuthn> webAuthn, ObjectProvider<DynauthSecurityContextRepository> contexts) {
        return DynauthWebAuthn.filterChainPostProcessor(webAuthn, contexts);
    }

    /** {@code webAuthn()} and the passkeys page in each chain. */
    @Bean
    @Order(400)
    DynauthConfigurer.Feature dynauthPasskeyFeature(ObjectProvider<DynauthWebAuthn> webAuthn,
                                                    DynauthSecurityContextRepository contexts, Clock clock,
                                                    ObjectProvider<DynauthPageLayout> layout, DynauthProperties properties,
                                                    DynauthSessions sessions) {
        return new DynauthConfigurer.Feature() {
            @Override
            public void init(HttpSecurity http) {
                DynauthWebAuthn w = webAuthn.getIfAvailable();
                if (w != null) {
                    w.configure(http);
                }
            }

            @Override
            public void configure(HttpSecurity http) {
                DynauthWebAuthn w = webAuthn.getIfAvailable();
                if (w != null) {
                    http.addFilterAfter(new DynauthPasskeysPage(w.credentials(), contexts, clock,
                            layout.getIfAvailable(DynauthPageLayout::standard), properties.getSignInPage(), sessions),
                            LogoutFilter.class);
                }
            }
        };
    }
}
