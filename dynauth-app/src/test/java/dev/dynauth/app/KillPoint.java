package dev.dynauth.app;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A process death at one write: a client that lets every request through until its n-th write (from 0), then stops,
 * before or after DynamoDB ran that write. Nothing after it happens, as after a {@code kill -9}: the thrown
 * {@link Killed} is an {@link Error}, which no repair catches as "this repair failed, go on".
 */
final class KillPoint {
    private KillPoint() {}

    static final Set<String> WRITES = Set.of("putItem", "updateItem", "deleteItem", "batchWriteItem", "transactWriteItems");

    static final class Killed extends Error {
        private static final long serialVersionUID = 1L;

        Killed() {
            super("killed", null, false, false);
        }
    }

    /** {@code writes} receives the name of every write sent; {@code killAt} below 0 never kills (to count them). */
    static DynamoDbClient at(DynamoDbClient real, int killAt, boolean afterWrite, List<String> writes) {
        AtomicInteger n = new AtomicInteger();
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    boolean write = WRITES.contains(method.getName());
                    int i = write ? n.getAndIncrement() : -1;
                    if (write) {
                        writes.add(method.getName());
                    }
                    if (write && i == killAt && !afterWrite) {
                        throw new Killed();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (write && i == killAt) {
                            throw new Killed();
                        }
                    }
                });
    }
}
