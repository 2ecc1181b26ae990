package dev.dynauth.app.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The client of a {@link Store#whenOpened store being opened}: each call waits for the opened store and goes to
 * its client. A store that could not be opened fails each call as an {@link SdkClientException} (DynamoDB out of
 * reach, which the starter answers with its 503), and the command reports why it could not be opened.
 * {@code close} does nothing: the store closes its client.
 */
final class OpeningClient {
    private OpeningClient() {}

    static DynamoDbClient of(CompletableFuture<Store> opening) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "equals": return proxy == args[0];
                        case "hashCode": return System.identityHashCode(proxy);
                        case "toString": return "DynamoDbClient of a store being opened";
                        case "close": return null;
                        default: break;
                    }
                    DynamoDbClient client;
                    try {
                        client = opening.join().client();
                    } catch (CompletionException e) {
                        Throwable cause = e.getCause() != null ? e.getCause() : e;
                        throw SdkClientException.create("the table could not be opened: " + Failures.message(cause), cause);
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
