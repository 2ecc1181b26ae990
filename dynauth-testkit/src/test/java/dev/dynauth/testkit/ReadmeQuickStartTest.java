package dev.dynauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.SessionAndUser;
import dev.dynauth.TableOptions;
import dev.dynauth.local.DynamoDbLocal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README's quick start, line for line: if this changes, change the README too. */
class ReadmeQuickStartTest {

    @Test
    void quickStartWorksAsWritten() {
        String name;
        // --- README quick start begins
        try (DynamoDbLocal local = DynamoDbLocal.inMemory()) {
            DynamoDbTables.createIfMissing(local.client(), TableOptions.defaults());
            DynamoDbAdapter adapter = DynamoDbAdapter.builder()
                    .client(local.client())
                    .build();

            AdapterUser ada = adapter.createUser(AdapterUser.builder()
                    .email("ada@example.com").name("Ada").build());
            adapter.createSession(new AdapterSession("token-123", ada.id(),
                    Instant.now().plus(Duration.ofDays(30))));

            SessionAndUser signedIn = adapter.getSessionAndUser("token-123").orElseThrow();
            System.out.println(signedIn.user().name()); // Ada
            // --- README quick start ends
            name = signedIn.user().name();
        }
        assertEquals("Ada", name);
    }
}
