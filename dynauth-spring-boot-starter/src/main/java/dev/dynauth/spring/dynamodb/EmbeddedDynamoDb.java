package dev.dynauth.spring.dynamodb;

import dev.dynauth.local.DynamoDbLocal;
import java.nio.file.Path;
import org.springframework.beans.factory.DisposableBean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB Local (dynauth-local) running inside the application in embedded mode, closed with the context. */
public class EmbeddedDynamoDb implements DisposableBean {

    private final DynamoDbLocal local;

    /** In memory when {@code dataDir} is null or blank, else persisted in that directory. */
    public EmbeddedDynamoDb(String dataDir) {
        local = dataDir == null || dataDir.isBlank() ? DynamoDbLocal.inMemory() : DynamoDbLocal.persistent(Path.of(dataDir));
    }

    /** The shared client; closing the context closes it. */
    public DynamoDbClient client() {
        return local.client();
    }

    @Override
    public void destroy() {
        local.close();
    }
}
