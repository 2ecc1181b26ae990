package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.TableOptions;
import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.Store;
import dev.dynauth.local.DynamoDbLocal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** serve starts Spring beside the table's opening: the store it hands Spring waits for the opened one. */
class StoreBeingOpenedTest {
    final TableOptions options = TableOptions.defaults();

    @Test
    void callsWaitForTheOpenedStoreAndGoToItsClient() throws Exception {
        CompletableFuture<Store> opening = new CompletableFuture<>();
        Store store = Store.whenOpened(opening, options, true, true);
        CompletableFuture<List<String>> call = CompletableFuture.supplyAsync(() -> store.client().listTables().tableNames());
        DynamoDbLocal local = DynamoDbLocal.inMemory();
        // nothing can reach a table before its store is opened
        assertFalse(call.isDone());
        local.client().createTable(r -> r.tableName("opened")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .billingMode("PAY_PER_REQUEST"));
        opening.complete(new Store(local.client(), options, "in memory for this test", true, true, local));

        assertEquals(List.of("opened"), call.get(60, TimeUnit.SECONDS));
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        store.onceOpen(() -> ran.set(true));
        assertTrue(ran.get(), "runs at once on an opened store");
        assertEquals("in memory for this test", store.description());
        store.close();
        assertThrows(IllegalStateException.class, local::client, "closing it closes the opened store");
    }

    @Test
    void aStoreThatCouldNotBeOpenedFailsItsCallsAsDynamoDbOutOfReach() {
        CompletableFuture<Store> opening = new CompletableFuture<>();
        Store store = Store.whenOpened(opening, options, true, true);
        opening.completeExceptionally(new CliException("data dir /x is in use by dynauth serve, pid 1"));

        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        store.onceOpen(() -> ran.set(true));
        assertFalse(ran.get(), "what waits for the open table (the expiry sweeper) never runs on a table not opened");

        SdkClientException e = assertThrows(SdkClientException.class, () -> store.client().listTables());
        assertTrue(e.getMessage().contains("data dir /x is in use by dynauth serve"), e::getMessage);
        assertDoesNotThrow(store::close, "nothing was opened, nothing to close");
    }
}
