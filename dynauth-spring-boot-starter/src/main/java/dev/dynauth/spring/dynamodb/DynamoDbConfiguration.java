package dev.dynauth.spring.dynamodb;

import dev.dynauth.Adapter;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.DynauthMode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB feature: the client ({@link ClientConfiguration}), the one {@link Adapter} over the table (with
 * Micrometer meters when a registry exists) and the health indicator. Optional dependencies (Micrometer, the health
 * module, dynauth-local) are named only in the class-level conditions of nested configurations.
 */
@Configuration(proxyBeanMethods = false)
@Import(ClientConfiguration.class)
class DynamoDbConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbConfiguration.class);

    /** Wraps the starter's adapter (Micrometer meters); a bean only where its optional dependency is present. */
    @FunctionalInterface
    interface AdapterDecorator {
        Adapter decorate(Adapter adapter);
    }

    @Bean
    @ConditionalOnMissingBean(Adapter.class)
    Adapter dynauthAdapter(DynamoDbClient client, TableOptions options, Clock clock, DynauthProperties properties,
                           ObjectProvider<DynauthMode> mode, ObjectProvider<AdapterDecorator> decorators) {
        DynauthMode m = mode.getIfAvailable();
        boolean create = properties.getCreateTableIfMissing() != null ? properties.getCreateTableIfMissing()
                : m != null && m.embedded();
        if (create && DynamoDbTables.createIfMissing(client, options)) {
            LOG.info("dynauth: created table {}", options.tableName());
        }
        Adapter adapter = DynamoDbAdapter.builder().client(client).options(options).clock(clock)
                .sessionOwnerCacheSize(properties.getSession().getOwnerCacheSize()).build();
        for (AdapterDecorator decorator : decorators.orderedStream().toList()) {
            adapter = decorator.decorate(adapter);
        }
        return adapter;
    }

    /** Micrometer meters per adapter operation, when Micrometer (an optional dependency) is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {
        @Bean
        AdapterDecorator dynauthAdapterMeters(ObjectProvider<MeterRegistry> registry) {
            return adapter -> {
                MeterRegistry meters = registry.getIfAvailable();
                if (meters == null) {
                    return adapter;
                }
                if (adapter instanceof DynamoDbAdapter dynamo) {
                    SessionOwnerCacheMetrics.bind(dynamo, meters);
                }
                return MeteredAdapter.wrap(adapter, meters);
            };
        }
    }

    /** Health of the table, when Spring Boot's health module is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "dynauthHealthIndicator")
        DynauthHealthIndicator dynauthHealthIndicator(DynamoDbClient client, TableOptions options) {
            return new DynauthHealthIndicator(client, options);
        }
    }
}
