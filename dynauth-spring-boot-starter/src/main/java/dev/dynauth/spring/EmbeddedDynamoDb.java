package dev.dynauth.spring;

import java.io.File;
import org.springframework.beans.factory.DisposableBean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** DynamoDB Local running inside the application (embedded mode), shut down with the context. */
public class EmbeddedDynamoDb implements DisposableBean {

    private final AmazonDynamoDBLocal local;
    private final DynamoDbClient client;

    /** In memory when {@code dataDir} is null or blank, else persisted in that directory. */
    public EmbeddedDynamoDb(String dataDir) {
        if (dataDir == null || dataDir.isBlank()) {
            local = DynamoDBEmbedded.create(true);
        } else {
            File dir = new File(dataDir);
            if (!dir.isDirectory() && !dir.mkdirs()) {
                throw new IllegalStateException("cannot create dynauth.dynamodb.data-dir " + dir.getAbsolutePath());
            }
            local = DynamoDBEmbedded.create(dir, true);
        }
        client = local.dynamoDbClient();
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void destroy() {
        client.close();
        local.shutdown();
    }
}
