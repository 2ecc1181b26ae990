package dev.dynauth.spring.dynamodb;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A {@link DynamoDbAsyncClient} over a blocking {@link DynamoDbClient} whose calls run on an executor: for the embedded
 * DynamoDB Local of development (it answers in-process, on the calling thread), so that a reactive application's
 * event loop never runs them. Only the request-object methods the starter calls are supported; the rest fail.
 */
public final class OffloadedAsyncClient {
    private OffloadedAsyncClient() {}

    public static DynamoDbAsyncClient over(DynamoDbClient client, Executor executor) {
        return (DynamoDbAsyncClient) Proxy.newProxyInstance(DynamoDbAsyncClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbAsyncClient.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "equals": return proxy == args[0];
                        case "hashCode": return System.identityHashCode(proxy);
                        case "toString": return "offloaded " + client;
                        case "close": return null; // the client is the embedded database's
                        case "serviceName": return client.serviceName();
                        default: break;
                    }
                    if (method.getReturnType() != CompletableFuture.class || args == null || args.length != 1
                            || method.getParameterTypes()[0] == java.util.function.Consumer.class) {
                        throw new UnsupportedOperationException("not offered by the embedded async client: " + method.getName());
                    }
                    Method sync = DynamoDbClient.class.getMethod(method.getName(), method.getParameterTypes());
                    return CompletableFuture.supplyAsync(() -> {
                        try {
                            return sync.invoke(client, args);
                        } catch (InvocationTargetException e) {
                            throw new CompletionException(e.getCause());
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }, executor);
                });
    }
}
