package dev.dynauth.spring.dynamodb;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.DynamoDbTables;
import dev.dynauth.TableOptions;
import dev.dynauth.local.DynamoDbLocalExtension;
import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.DynauthMode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The module's test contexts run embedded mode on the run's one DynamoDB Local, each on a table of its own. */
@DynauthAppTest
class OneDynamoDbLocalPerRunTest {

    @Autowired DynamoDbClient client;
    @Autowired TableOptions options;
    @Autowired DynauthMode mode;

    @Test
    void theContextRunsEmbeddedModeOnTheSharedServerOnATableOfItsOwn() {
        assertTrue(mode.embedded(), "still embedded mode, with its development defaults");
        assertSame(DynamoDbLocalExtension.sharedServer().client(), client);
        assertTrue(options.tableName().startsWith("next-auth-ctx-"), options.tableName());
        assertTrue(DynamoDbTables.verify(client, options).ok(), "the starter created the table at start-up");
    }
}
