package dev.dynauth.spring.dynamodb;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.DynauthMode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB client when the application defines none: AWS, or DynamoDB Local embedded. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(DynamoDbClient.class)
class ClientConfiguration {

    /** Starts the embedded DynamoDB Local; a bean only when dynauth-local is on the classpath. */
    @FunctionalInterface
    interface EmbeddedDynamoDbStarter {
        /** In memory when {@code dataDir} is null or blank. */
        EmbeddedDynamoDb start(String dataDir);
    }

    /** Starts DynamoDB Local: only when dynauth-local (an optional dependency) is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(dev.dynauth.local.DynamoDbLocal.class)
    static class Embedded {
        @Bean
        EmbeddedDynamoDbStarter dynauthEmbeddedDynamoDbStarter() {
            return EmbeddedDynamoDb::new;
        }
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

    /** Owns what the starter created: the embedded database, or the AWS client. */
    static final class EmbeddedDynamoDbHolder implements org.springframework.beans.factory.DisposableBean {
        // typed loosely so that nothing here needs dynauth-local's classes unless embedded mode runs
        private final org.springframework.beans.factory.DisposableBean db;
        private final DynamoDbClient embeddedClient;
        private DynamoDbClient awsClient;

        EmbeddedDynamoDbHolder(org.springframework.beans.factory.DisposableBean db, DynamoDbClient embeddedClient) {
            this.db = db;
            this.embeddedClient = embeddedClient;
        }

        DynamoDbClient client() {
            return embeddedClient;
        }

        DynamoDbClient track(DynamoDbClient client) {
            this.awsClient = client;
            return client;
        }

        @Override
        public void destroy() throws Exception {
            if (awsClient != null) {
                awsClient.close();
            }
            if (db != null) {
                db.destroy();
            }
        }
    }
}
