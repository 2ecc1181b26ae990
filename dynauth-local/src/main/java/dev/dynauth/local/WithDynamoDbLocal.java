package dev.dynauth.local;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class against DynamoDB Local: one in-memory server shared by every test class of the run
 * (started on first use, stopped when the JVM exits) and a fresh, empty Auth.js table for the class, or for each
 * test method with {@code table = Table.PER_METHOD}. Tests get it as a {@link LocalTable} (or its
 * {@code DynamoDbClient}) parameter, or in fields annotated {@link TestTable}.
 *
 * <pre>{@code
 * @WithDynamoDbLocal
 * class SessionStoreTest {
 *     @Test
 *     void signsIn(LocalTable table) {
 *         DynamoDbAdapter adapter = DynamoDbAdapter.builder().client(table.client())
 *                 .options(TableOptions.builder().tableName(table.name()).build()).build();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The table is created by dynauth-core's {@code DynamoDbTables}, which must be on the test classpath (as it is
 * wherever the adapter is tested).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DynamoDbLocalExtension.class)
public @interface WithDynamoDbLocal {

    /** How long one table lives. */
    Table table() default Table.PER_CLASS;

    /** Lifetimes of the table. */
    enum Table {
        /** One table for every test of the class (created before the first, deleted after the last). */
        PER_CLASS,
        /** A new table for each test method (deleted after it). */
        PER_METHOD
    }
}
