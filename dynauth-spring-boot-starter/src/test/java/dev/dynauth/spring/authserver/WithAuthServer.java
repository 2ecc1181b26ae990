package dev.dynauth.spring.authserver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * The test application signs in with OAuth at the run's {@link AuthServer#shared() fake provider}: registers the
 * Spring Boot client properties of the given registration ids (each one of {@link AuthServer#CLIENTS}). The ids are
 * part of the test context's identity, so classes naming the same ids (and properties) share a context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(WithAuthServer.Factory.class)
public @interface WithAuthServer {

    /** The registration ids the application registers. */
    String[] value();

    /** Finds the annotation on the test class. */
    final class Factory implements ContextCustomizerFactory {
        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
            return MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY).get(WithAuthServer.class)
                    .synthesize(a -> a.isPresent())
                    .map(a -> new Clients(List.of(a.value())))
                    .orElse(null);
        }
    }

    /** Adds the client properties before the application starts (its OAuth2 auto-configuration reads them then). */
    record Clients(List<String> ids) implements ContextCustomizer {
        public Clients {
            for (String id : ids) {
                if (!AuthServer.CLIENTS.contains(id)) {
                    throw new IllegalArgumentException("no client " + id + " at the test provider; it has " + AuthServer.CLIENTS);
                }
            }
        }

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            AuthServer server = AuthServer.shared();
            Map<String, Object> properties = new LinkedHashMap<>();
            for (String id : ids) {
                Arrays.stream(server.clientProperties(id)).forEach(p -> {
                    int eq = p.indexOf('=');
                    properties.put(p.substring(0, eq), p.substring(eq + 1));
                });
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-auth-server-clients", properties));
        }
    }
}
