package dev.dynauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.DynamoDbTables;
import dev.dynauth.TableOptions;
import dev.dynauth.local.LocalTable;
import dev.dynauth.local.TestTable;
import dev.dynauth.local.WithDynamoDbLocal;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The JUnit 5 extension of dynauth-local: one server per run, an Auth.js table per class or method, injection. */
class DynamoDbLocalExtensionTest {

    static final Set<String> PER_METHOD_TABLES = new HashSet<>();

    @WithDynamoDbLocal
    @Nested
    class PerClass {
        @TestTable LocalTable field;
        @TestTable DynamoDbClient client;

        @Test
        void fieldsAndParametersGetTheClassTable(LocalTable parameter, DynamoDbClient clientParameter) {
            assertSame(field, parameter);
            assertSame(client, clientParameter);
            assertSame(parameter.client(), clientParameter);
            // the table has the Auth.js layout dynauth-core creates
            assertTrue(DynamoDbTables.verify(client, TableOptions.builder().tableName(field.name()).build()).ok());
        }
    }

    @WithDynamoDbLocal(table = WithDynamoDbLocal.Table.PER_METHOD)
    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PerMethod {
        @Test
        @Order(1)
        void first(LocalTable table) {
            table.client().putItem(b -> b.tableName(table.name()).item(java.util.Map.of(
                    "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("USER#1"),
                    "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("USER#1"))));
            assertTrue(PER_METHOD_TABLES.add(table.name()));
        }

        @Test
        @Order(2)
        void secondGetsAFreshEmptyTable(LocalTable table) {
            assertTrue(PER_METHOD_TABLES.add(table.name()), "a new table for each method");
            assertEquals(0, table.client().scan(b -> b.tableName(table.name())).count());
            // the first method's table is gone: the server stays lean over a long run
            for (String earlier : PER_METHOD_TABLES) {
                if (!earlier.equals(table.name())) {
                    assertFalse(table.client().listTables().tableNames().contains(earlier), earlier);
                }
            }
        }
    }
}
