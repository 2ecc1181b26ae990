package dev.dynauth.spring.autoconfigure;

import static dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.*;

import dev.dynauth.spring.dynamodb.DynamoDbClientFactory;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.dynamodb.EmbeddedDynamoDb;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB client when the application defines none. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(DynamoDbClient.class)
class ClientConfiguration {

    /** Starts DynamoDB Local: only when dynauth-local (an optional dependency) is on the classpath. */
    @Bean
    @ConditionalOnClass(name = EMBEDDED_CLASS)
    EmbeddedDynamoDbStarter dynauthEmbeddedDynamoDbStarter() {
        return EmbeddedDynamoDb::new;
    }

    @Bean
    DynauthMode dynauthMode(DynauthProperties properties, Environment env, ObjectProvider<EmbeddedDynamoDbStarter> embedded) {
        boolean available = embedded.getIfAvailable() != null;
        DynauthProperties.Mode mode = DynamoDbClientFactory.mode(properties.getDynamodb(), env, available);
        if (mode == DynauthProperties.Mode.EMBEDDED && !available) {
            throw new IllegalStateException("dynauth.dynamodb.mode=embedded needs DynamoDB Local, which is not on the "
                    + "classpath: add the dependency dev.dynauth:dynauth-local (for development and tests only), or "
                    + "set dynauth.dynamodb.mode=aws with a region");
        }
        return new DynauthMode(mode);
    }

    @Bean
    EmbeddedDynamoDbHolder dynauthEmbeddedDynamoDb(DynauthMode mode, DynauthProperties properties,
                                                   ObjectProvider<EmbeddedDynamoDbStarter> embedded) {
        if (!mode.embedded()) {
            return new EmbeddedDynamoDbHolder(null, null);
        }
        EmbeddedDynamoDb db = embedded.getObject().start(properties.getDynamodb().getDataDir());
        return new EmbeddedDynamoDbHolder(db, db.client());
    }

    @Bean(destroyMethod = "")
    DynamoDbClient dynauthDynamoDbClient(DynauthMode mode, EmbeddedDynamoDbHolder embedded, DynauthProperties properties,
                                         Environment env) {
        if (mode.embedded()) {
            return embedded.client();
        }
        return embedded.track(DynamoDbClientFactory.aws(properties.getDynamodb(), env));
    }
}
