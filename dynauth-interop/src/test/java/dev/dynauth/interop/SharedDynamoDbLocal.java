package dev.dynauth.interop;

import dev.dynauth.local.DynamoDbLocalServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local HTTP server on loopback for the whole module, started by the first test class
 * that needs it and stopped when JUnit finishes (root store). Each test gets its own table in it.
 */
final class SharedDynamoDbLocal implements BeforeAllCallback {

    static final class Resources implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final DynamoDbLocalServer server = DynamoDbLocalServer.builder().inMemory().port(0).start();
        final DynamoDbClient client = server.client();

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    private static volatile Resources resources;

    @Override
    public void beforeAll(ExtensionContext context) {
        resources = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Resources.class.getName(), k -> new Resources(), Resources.class);
    }

    static DynamoDbLocalServer server() {
        return resources.server;
    }

    static DynamoDbClient client() {
        return resources.client;
    }
}
