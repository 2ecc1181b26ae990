package dev.dynauth.spring.autoconfigure;

import static dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.*;

import dev.dynauth.spring.dynamodb.DynauthHealthIndicator;
import dev.dynauth.TableOptions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Health of the table, when Spring Boot's health module is present. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "dynauthHealthIndicator")
    DynauthHealthIndicator dynauthHealthIndicator(DynamoDbClient client, TableOptions options) {
        return new DynauthHealthIndicator(client, options);
    }
}
