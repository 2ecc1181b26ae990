package dev.dynauth.spring.reactive;

import dev.dynauth.local.DynamoDbLocalServer;
import dev.dynauth.spring.authserver.WithAuthServer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Runs a test class against the reactive test app as production runs it, under the {@link BlockingCalls} detector:
 * DynamoDB Local over HTTP on loopback, the {@code DynamoDbAsyncClient} on the AWS CRT HTTP client, {@code database,jwt}
 * sessions, magic links and OAuth2 at the run's fake provider ({@code idp}, {@code trusting}). Every class so
 * annotated shares one application context. Needs {@code -XX:+AllowRedefinitionToAddDeleteMethods} (the module's
 * surefire configuration).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {ReactiveTestApp.REACTIVE, "server.address=127.0.0.1", "dynauth.table-name=reactive-blockhound",
                "dynauth.public-paths=/test/**",
                "dynauth.dynamodb.mode=aws", "dynauth.dynamodb.region=us-east-1", "dynauth.create-table-if-missing=true",
                "NEXT_AUTH_AWS_ACCESS_KEY=local", "NEXT_AUTH_AWS_SECRET_KEY=local", "dynauth.secret=" + UnderBlockHound.SECRET,
                "dynauth.session.strategy=database,jwt",
                "dynauth.providers.trusting.allow-dangerous-email-account-linking=true",
                // every class of this context asks for links from 127.0.0.1 with the clock put back to one instant: the
                // per-client limit would count them all together (as in the servlet tests' application.properties)
                "dynauth.email.client-rate-limit=1000",
                // a loaded machine: the table's creation at start-up takes longer than the default bounds
                "dynauth.dynamodb.api-call-timeout=60s", "dynauth.dynamodb.api-call-attempt-timeout=30s"})
@AutoConfigureWebTestClient
@WithAuthServer({"idp", "trusting"})
@ContextCustomizerFactories({WithAuthServer.Factory.class, UnderBlockHound.Endpoint.class})
@ExtendWith(BlockingCalls.class)
public @interface UnderBlockHound {

    /** The application's Auth.js secret. */
    String SECRET = "blockhound-secret";

    /** Points the application at the run's DynamoDB Local over HTTP (started on first use, stopped with the JVM). */
    final class Endpoint implements ContextCustomizerFactory {
        private static DynamoDbLocalServer server;

        private static synchronized String endpoint() {
            if (server == null) {
                server = DynamoDbLocalServer.builder().inMemory().start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "blockhound-dynamodb-stop"));
            }
            return server.endpoint().toString();
        }

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
            return org.springframework.core.annotation.AnnotatedElementUtils.hasAnnotation(testClass, UnderBlockHound.class)
                    ? new Customizer() : null;
        }

        /** Equal for every class, so that they share the context. */
        record Customizer() implements ContextCustomizer {
            @Override
            public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
                context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("blockhound-dynamodb",
                        Map.of("dynauth.dynamodb.endpoint", endpoint())));
            }
        }
    }
}
