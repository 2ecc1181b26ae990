package dev.dynauth.local;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The JUnit 5 extension behind {@link WithDynamoDbLocal}: a DynamoDB Local shared by the whole run
 * ({@link #sharedServer()}, stopped when the JVM exits), a fresh Auth.js table per class or per method
 * (deleted when its scope ends), and {@link LocalTable} / {@code DynamoDbClient} parameters and {@link TestTable}
 * fields. Stored values are both {@code CloseableResource} (what JUnit 5 closes) and {@code AutoCloseable} (what
 * JUnit 6 closes), so the extension works with either; JUnit closes each once.
 */
public final class DynamoDbLocalExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(DynamoDbLocalExtension.class);
    private static final AtomicInteger TABLES = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        if (lifetime(context) == WithDynamoDbLocal.Table.PER_CLASS) {
            table(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        LocalTable table = lifetime(context) == WithDynamoDbLocal.Table.PER_METHOD ? table(context) : find(context);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : AnnotationSupport.findAnnotatedFields(instance.getClass(), TestTable.class)) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                field.set(instance, value(field.getType(), table, field.toString()));
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalTable.class || type == DynamoDbClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalTable table = find(context);
        return value(parameter.getParameter().getType(), table, parameter.getParameter().toString());
    }

    private static Object value(Class<?> type, LocalTable table, String where) {
        if (type == LocalTable.class) {
            return table;
        }
        if (type == DynamoDbClient.class) {
            return table.client();
        }
        throw new IllegalStateException("@TestTable " + where + " must be a LocalTable or a DynamoDbClient");
    }

    private static WithDynamoDbLocal.Table lifetime(ExtensionContext context) {
        return context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, WithDynamoDbLocal.class))
                .map(WithDynamoDbLocal::table).orElse(WithDynamoDbLocal.Table.PER_CLASS);
    }

    /** The table of this context or the nearest enclosing one (a method's own, else its class's). */
    private static LocalTable find(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Owned owned = c.getStore(NAMESPACE).get(Owned.class, Owned.class);
            if (owned != null) {
                return owned.table;
            }
        }
        return table(context); // e.g. a parameter of a @BeforeAll method before the class's table exists
    }

    /**
     * The in-memory DynamoDB Local of this JVM's test run, the one every {@link WithDynamoDbLocal} table lives in:
     * started on first use, stopped when the JVM exits. For fixtures whose tables outlive one test class (e.g. one
     * table per cached Spring test context), so that a run still starts a single server.
     *
     * @return the shared server; do not close it
     */
    public static DynamoDbLocal sharedServer() {
        return Shared.LOCAL;
    }

    /** Creates a table owned by the context: deleted when the context ends. */
    private static LocalTable table(ExtensionContext context) {
        DynamoDbLocal local = sharedServer();
        LocalTable table = new LocalTable("dynauth-test-" + TABLES.incrementAndGet(), local.client());
        createAuthJsTable(table);
        context.getStore(NAMESPACE).put(Owned.class, new Owned(table));
        return table;
    }

    /**
     * dynauth-core's {@code DynamoDbTables.createIfMissing(client, TableOptions.builder().tableName(name).build())},
     * called by name: dynauth-local cannot depend on dynauth-core (core's own tests use dynauth-local), and
     * duplicating the Auth.js key schema here would give it a second home.
     */
    private static void createAuthJsTable(LocalTable table) {
        try {
            Class<?> options = Class.forName("dev.dynauth.TableOptions");
            Object builder = options.getMethod("builder").invoke(null);
            builder.getClass().getMethod("tableName", String.class).invoke(builder, table.name());
            Object built = builder.getClass().getMethod("build").invoke(builder);
            Method create = Class.forName("dev.dynauth.DynamoDbTables")
                    .getMethod("createIfMissing", DynamoDbClient.class, options);
            create.invoke(null, table.client(), built);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("@WithDynamoDbLocal creates the Auth.js table with dynauth-core: add "
                    + "dev.dynauth:dynauth-core to the test classpath", e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("dynauth-core does not match this dynauth-local", e);
        }
    }

    /**
     * The run's DynamoDB Local (initialised on first use). Closed by a shutdown hook rather than with JUnit's root
     * context: fixtures such as cached Spring test contexts hold its client until the JVM exits.
     */
    private static final class Shared {
        static final DynamoDbLocal LOCAL = DynamoDbLocal.inMemory();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(LOCAL::close, "dynamodb-local-stop"));
        }
    }

    /** A table deleted when the context that created it closes. */
    private record Owned(LocalTable table) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            table.client().deleteTable(b -> b.tableName(table.name()));
        }
    }
}
