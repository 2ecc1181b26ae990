package dev.dynauth.spring.app;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.annotation.AliasFor;

/**
 * A test of the starter inside the {@link TestApp} application: its context on the embedded DynamoDB Local
 * (src/test/resources/application.properties), MockMvc, the {@link TestApp.MutableClock movable clock} put back
 * after each test, the {@link TestApp.CapturingSender link catcher}, and {@code Browser} parameters (a cookie-keeping
 * client over the context's MockMvc). Add {@code @WithAuthServer} to sign in with OAuth at the fake provider.
 *
 * <p>Spring caches one context per distinct configuration (classes, properties, web environment, providers, ...)
 * and each one boots the application: a test that can live with the defaults or with the exact properties of another
 * test class (same values, same order) makes the run shorter. Settings that several classes share are annotations of
 * their own, one context each: {@code MigrationWithRevocationTest}, {@code TomcatAppTest},
 * {@code oauth2.MappedProvidersAppTest} and, for the reactive app, {@code reactive.ReactiveAppTest}. Every context's
 * embedded mode runs on the run's one DynamoDB Local, on a table of its own unless the test names one
 * ({@code dynamodb.OneDynamoDbLocalPerRun}); the test classes sharing a context share its table.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(DynauthAppTestExtension.class)
public @interface DynauthAppTest {

    /** Properties beyond application.properties (each distinct set is one more context). */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};

    /** The application: {@link TestApp}, with the test's own configurations beside it. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "classes")
    Class<?>[] classes() default {TestApp.class};

    @AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
    SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;
}
