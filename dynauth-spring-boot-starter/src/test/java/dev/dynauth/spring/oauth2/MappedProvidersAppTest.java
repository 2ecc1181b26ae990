package dev.dynauth.spring.oauth2;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.authserver.WithAuthServer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * A {@link DynauthAppTest} signing in at the fake provider as {@code idp}, {@code plain}, and the two providers with
 * {@link OAuth2ProfileMapperTest.Mappers profile mappers} of their own ({@code mapped}, {@code fullwidth}), with the
 * link rate limits off. Every class so annotated shares one application context: {@link OAuth2ProfileMapperTest} and
 * {@code OpenRedirectTest}, which used to boot one each. They sign in different provider users (the table is the
 * context's): OAuth2ProfileMapperTest alice to erin, OpenRedirectTest frank.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@WithAuthServer({"idp", "mapped", "plain", "fullwidth"})
@DynauthAppTest(properties = {"dynauth.email.client-rate-limit=0", "dynauth.email.rate-limit=0"})
@Import(OAuth2ProfileMapperTest.Mappers.class)
public @interface MappedProvidersAppTest {
}
