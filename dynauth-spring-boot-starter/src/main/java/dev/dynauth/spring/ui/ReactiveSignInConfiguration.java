package dev.dynauth.spring.ui;

import dev.dynauth.spring.session.DynauthServerHttpSecurityCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import reactor.core.publisher.Mono;

/**
 * The sign-in side of a reactive application: the default reactive chain applies {@link DynauthServerSignIn} through
 * this customizer (an application's own chain calls {@link DynauthServerSignIn#configure} itself).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({Mono.class, ServerHttpSecurity.class})
public class ReactiveSignInConfiguration {

    @Bean
    DynauthServerHttpSecurityCustomizer dynauthServerSignIn(ApplicationContext context) {
        return http -> DynauthServerSignIn.configure(http, context);
    }
}
