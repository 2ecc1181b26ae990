package dev.dynauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.TableOptions;
import dev.dynauth.local.LocalTable;
import dev.dynauth.local.WithDynamoDbLocal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's example of the JUnit 5 extension, line for line (between the markers); the test below checks that
 * the README still shows these lines.
 */
// --- README extension example begins
@WithDynamoDbLocal
class ReadmeDynamoDbLocalExtensionTest {

    @Test
    void createsAUserInAFreshTable(LocalTable table) {
        DynamoDbAdapter adapter = DynamoDbAdapter.builder().client(table.client())
                .options(TableOptions.builder().tableName(table.name()).build()).build();

        AdapterUser ada = adapter.createUser(AdapterUser.builder().email("ada@example.com").build());

        assertEquals(ada, adapter.getUserByEmail("ada@example.com").orElseThrow());
    }
// --- README extension example ends

    @Test
    void theReadmeShowsTheExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/dynauth/testkit/ReadmeDynamoDbLocalExtensionTest.java"));
        String example = source.substring(source.indexOf("// --- README extension example begins\n") + 40,
                source.indexOf("// --- README extension example ends"));
        String readme = Files.readString(Path.of("../dynauth-local/README.md"));
        for (String line : example.strip().split("\n")) {
            assertTrue(readme.contains(line), "dynauth-local/README.md lacks: " + line);
        }
    }
}
