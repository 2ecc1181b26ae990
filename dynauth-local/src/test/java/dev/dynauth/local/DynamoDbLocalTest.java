package dev.dynauth.local;

import static dev.dynauth.local.Tables.n;
import static dev.dynauth.local.Tables.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbLocalTest {

    @Test
    void inMemoryCreatesTablePutsAndGets() {
        try (DynamoDbLocal local = DynamoDbLocal.inMemory()) {
            String table = Tables.create(local.client(), "mem", false);
            Tables.put(local.client(), table, "u1", Map.of("name", s("Ada"), "expires", n("1798085986.691")));

            Map<String, AttributeValue> item = local.client()
                    .getItem(b -> b.tableName(table).key(Map.of("pk", s("u1"), "sk", s("u1"))))
                    .item();
            assertEquals("Ada", item.get("name").s());
            assertEquals("1798085986.691", item.get("expires").n());
            assertTrue(local.directory().isEmpty());
        }
    }

    @Test
    void inMemoryInstancesAreIndependent() {
        try (DynamoDbLocal a = DynamoDbLocal.inMemory(); DynamoDbLocal b = DynamoDbLocal.inMemory()) {
            Tables.create(a.client(), "only-in-a", false);
            assertEquals(1, a.client().listTables().tableNames().size());
            assertEquals(0, b.client().listTables().tableNames().size());
        }
    }

    @Test
    void persistentDirectorySurvivesCloseAndReopen(@TempDir Path tmp) {
        Path dir = tmp.resolve("not/yet/there");
        String table;
        try (DynamoDbLocal local = DynamoDbLocal.persistent(dir)) {
            assertTrue(Files.isDirectory(dir));
            assertEquals(dir.toAbsolutePath(), local.directory().orElseThrow());
            table = Tables.create(local.client(), "disk", true);
            Tables.put(local.client(), table, "kept", Map.of("v", s("1")));
        }
        try (DynamoDbLocal reopened = DynamoDbLocal.persistent(dir)) {
            assertTrue(reopened.client().listTables().tableNames().contains(table));
            assertTrue(Tables.exists(reopened.client(), table, "kept"));
        }
    }

    @Test
    void closeIsIdempotentAndClientIsRefusedAfterwards() {
        DynamoDbLocal local = DynamoDbLocal.inMemory();
        local.client().listTables();
        local.close();
        local.close();
        assertThrows(IllegalStateException.class, local::client);
    }

    @Test
    void persistentRejectsAFileAsDirectory(@TempDir Path tmp) throws Exception {
        Path file = Files.createFile(tmp.resolve("a-file"));
        assertThrows(java.io.UncheckedIOException.class, () -> DynamoDbLocal.persistent(file));
        assertFalse(Files.isDirectory(file));
    }
}
