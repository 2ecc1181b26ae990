package dev.dynauth.spring.dynamodb;

import dev.dynauth.Adapter;
import dev.dynauth.DynauthStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Optional;

/**
 * Decorates an {@link Adapter} with Micrometer meters: a timer {@code dynauth.adapter.calls} per
 * operation with an {@code outcome} tag ({@code success}, {@code empty} for an empty result, or the
 * exception's simple name) and a counter {@code dynauth.adapter.errors} per operation and exception.
 * Arguments (which hold tokens) are never recorded. When the adapter is also a {@link DynauthStore} (a
 * {@link dev.dynauth.DynamoDbAdapter}), so is the metered one, and the store's calls are metered too: the
 * account pages and passkeys use the one adapter bean, never a second, unmetered adapter.
 */
final class MeteredAdapter {

    private MeteredAdapter() {}

    static Adapter wrap(Adapter delegate, MeterRegistry registry) {
        Class<?>[] interfaces = delegate instanceof DynauthStore
                ? new Class<?>[] {Adapter.class, DynauthStore.class} : new Class<?>[] {Adapter.class};
        return (Adapter) Proxy.newProxyInstance(Adapter.class.getClassLoader(), interfaces,
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        if (method.getName().equals("toString")) {
                            return "MeteredAdapter[" + delegate + "]";
                        }
                        if (method.getName().equals("equals")) {
                            return proxy == args[0];
                        }
                        if (method.getName().equals("hashCode")) {
                            return System.identityHashCode(proxy);
                        }
                        return method.invoke(delegate, args);
                    }
                    String op = method.getName();
                    Timer.Sample sample = Timer.start(registry);
                    String outcome = "success";
                    try {
                        Object result = method.invoke(delegate, args);
                        if (result instanceof Optional<?> o && o.isEmpty()
                                || result instanceof Collection<?> c && c.isEmpty()) {
                            outcome = "empty";
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        Throwable cause = e.getCause();
                        outcome = cause.getClass().getSimpleName();
                        registry.counter("dynauth.adapter.errors", "operation", op, "exception", outcome).increment();
                        throw cause;
                    } finally {
                        sample.stop(Timer.builder("dynauth.adapter.calls")
                                .description("Calls of the dynauth adapter by operation")
                                .tag("operation", op).tag("outcome", outcome).register(registry));
                    }
                });
    }
}
