package dev.dynauth.spring.autoconfigure;

import static dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.*;

import dev.dynauth.spring.dynamodb.MeteredAdapter;
import dev.dynauth.spring.dynamodb.SessionOwnerCacheMetrics;
import dev.dynauth.DynamoDbAdapter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Micrometer meters per adapter operation, when Micrometer (an optional dependency) is on the classpath. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
class MetricsConfiguration {
    @Bean
    AdapterDecorator dynauthAdapterMeters(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
        return adapter -> {
            io.micrometer.core.instrument.MeterRegistry meters = registry.getIfAvailable();
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
