package dev.dynauth.testkit;

import dev.dynauth.DynamoDbTables;
import dev.dynauth.TableOptions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** An in-memory DynamoDB Local with one adapter table. */
final class LocalTable implements AutoCloseable {
    private final AmazonDynamoDBLocal local;
    private final DynamoDbClient client;
    private final TableOptions options;

    private LocalTable(TableOptions options) {
        this.local = DynamoDBEmbedded.create(true);
        this.client = local.dynamoDbClient();
        this.options = options;
        DynamoDbTables.createIfMissing(client, options);
    }

    static LocalTable start(TableOptions options) {
        return new LocalTable(options);
    }

    DynamoDbClient client() {
        return client;
    }

    TableOptions options() {
        return options;
    }

    @Override
    public void close() {
        client.close();
        local.shutdown();
    }
}
