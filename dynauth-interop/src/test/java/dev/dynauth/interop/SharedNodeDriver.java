package dev.dynauth.interop;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Node driver process for the whole module, as {@link SharedDynamoDbLocal} is one DynamoDB Local: started by the
 * first test class that needs it and stopped when JUnit finishes (root store). Every test points it at its own table
 * ({@code configure}) before using it, so no state carries from one class to the next that a test relies on.
 */
final class SharedNodeDriver implements BeforeAllCallback {

    static final class Resource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final NodeDriver driver = NodeDriver.start();

        @Override
        public void close() {
            driver.close();
        }
    }

    private static volatile Resource resource;

    @Override
    public void beforeAll(ExtensionContext context) {
        resource = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Resource.class.getName(), k -> new Resource(), Resource.class);
    }

    static NodeDriver driver() {
        return resource.driver;
    }
}
