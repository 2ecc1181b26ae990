package dev.dynauth.spring.dynamodb;

import dev.dynauth.local.DynamoDbLocalExtension;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.DynauthMode;
import dev.dynauth.spring.dynamodb.ClientConfiguration.EmbeddedDynamoDbHolder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Every Spring test context of the module runs its embedded mode on the run's one DynamoDB Local (dynauth-local's
 * {@link DynamoDbLocalExtension#sharedServer()}, where {@code @WithDynamoDbLocal} tables live too) instead of
 * booting a DynamoDB Local of its own, which each of the module's two dozen contexts used to do. Registered for all
 * of the module's test contexts in {@code META-INF/spring.factories}.
 *
 * <p>The application sees no other difference: the mode is still embedded (with its development defaults) and the
 * starter still creates its table at start-up. Isolation between the cached contexts comes from their tables: a
 * context whose test names no table gets one of its own ({@code next-auth-ctx-N}), so no context sees another's
 * users, sessions or rate-limit windows (the OAuth tests all sign in the fake provider's alice..heidi, and every
 * context's clock starts at the same instant); a test that names its table ({@code dynauth.table-name}) keeps that
 * name, one per test class.
 */
public final class OneDynamoDbLocalPerRun implements ContextCustomizerFactory {

    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return new SharedServer();
    }

    /** The same value for every context, so it tells no two contexts apart in Spring's context cache. */
    record SharedServer() implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            // last: any dynauth.table-name of the test or its application wins
            context.getEnvironment().getPropertySources().addLast(new MapPropertySource("dynauth-test-table",
                    Map.of("dynauth.table-name", "next-auth-ctx-" + CONTEXTS.incrementAndGet())));
            context.addBeanFactoryPostProcessor(OneDynamoDbLocalPerRun::onSharedServer);
        }
    }

    /** Swaps the starter's embedded-database bean (absent when the application brings its own client). */
    private static void onSharedServer(ConfigurableListableBeanFactory beans) {
        BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beans;
        for (String name : beans.getBeanNamesForType(EmbeddedDynamoDbHolder.class, true, false)) {
            registry.removeBeanDefinition(name);
            registry.registerBeanDefinition(name, new RootBeanDefinition(EmbeddedDynamoDbHolder.class, () -> holder(beans)));
        }
    }

    /** As {@code ClientConfiguration} decides, with the shared server in place of a new in-memory one. */
    private static EmbeddedDynamoDbHolder holder(ConfigurableListableBeanFactory beans) {
        if (!beans.getBean(DynauthMode.class).embedded()) {
            return new EmbeddedDynamoDbHolder(null, null);
        }
        String dataDir = beans.getBean(DynauthProperties.class).getDynamodb().getDataDir();
        if (dataDir != null && !dataDir.isBlank()) { // a database on disk: the starter's own, as in production
            EmbeddedDynamoDb db = beans.getBean(ClientConfiguration.EmbeddedDynamoDbStarter.class).start(dataDir);
            return new EmbeddedDynamoDbHolder(db, db.client());
        }
        // no database of its own to close with the context: the shared server lives until the JVM exits
        return new EmbeddedDynamoDbHolder(null, DynamoDbLocalExtension.sharedServer().client());
    }
}
