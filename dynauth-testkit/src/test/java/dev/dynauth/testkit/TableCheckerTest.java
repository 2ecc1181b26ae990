package dev.dynauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.ItemKey;
import dev.dynauth.TableChecker;
import dev.dynauth.TableReport;
import dev.dynauth.ViolationKind;
import dev.dynauth.testkit.FaultInjectingClient.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The checker on dynauth's own table, with custom names: clean as written, resumable after failures, with progress. */
class TableCheckerTest {

    @Test
    void aTableDynauthWroteIsCleanAndAnInterruptedCheckResumesToTheSameReport() {
        try (LocalTable table = LocalTable.start(CustomNamesConformanceTest.CUSTOM)) {
            DynamoDbAdapter adapter = DynamoDbAdapter.builder().client(table.client()).options(table.options()).build();
            for (int i = 0; i < 120; i++) {
                AdapterUser u = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
                adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), u.id(), Instant.now().plus(Duration.ofDays(1))));
                adapter.linkAccount(AdapterAccount.builder().userId(u.id()).type("oauth").provider("github")
                        .providerAccountId(UUID.randomUUID().toString()).build());
            }
            AtomicLong pages = new AtomicLong();
            TableReport clean = TableChecker.builder(table.client()).options(table.options()).segments(4)
                    .progress(p -> pages.incrementAndGet()).build().check();
            assertEquals(List.of(), clean.violations());
            assertEquals(120 * 5, clean.scanned(), "user, email claim, session, account, account claim");
            assertTrue(pages.get() >= 4, "progress after every page");

            // an orphan, written behind dynauth's back, with the custom key names
            String token = UUID.randomUUID().toString();
            table.client().putItem(b -> b.tableName(table.options().tableName()).item(Map.of(
                    table.options().partitionKey(), AttributeValue.fromS("USER#nobody"),
                    table.options().sortKey(), AttributeValue.fromS("SESSION#" + token),
                    table.options().indexPartitionKey(), AttributeValue.fromS("SESSION#" + token),
                    table.options().indexSortKey(), AttributeValue.fromS("SESSION#" + token),
                    "type", AttributeValue.fromS("SESSION"), "sessionToken", AttributeValue.fromS(token),
                    "userId", AttributeValue.fromS("nobody"), "expires", AttributeValue.fromN("4102444800"))));

            FaultInjectingClient faults = FaultInjectingClient.builder(table.client()).seed(7).rate(0.3)
                    .kinds(Set.of(Fault.THROTTLE, Fault.SERVER_ERROR)).build();
            TableChecker.Checkpoint checkpoint = null;
            TableReport report = null;
            int interruptions = 0;
            while (report == null) {
                TableChecker.Builder b = TableChecker.builder(faults.client()).options(table.options()).segments(3)
                        .maxReadUnitsPerSecond(100_000); // a bound makes pages small: many positions to resume from
                if (checkpoint != null) {
                    b.resumeFrom(checkpoint);
                }
                try {
                    report = b.build().check();
                } catch (TableChecker.IncompleteCheckException e) {
                    checkpoint = e.checkpoint();
                    interruptions++;
                    assertTrue(interruptions < 100, "the check makes progress");
                }
            }
            assertTrue(interruptions > 0, "the faults interrupted the check");
            assertEquals(120 * 5 + 1, report.scanned());
            assertEquals(1, report.violations().size(), report::toString);
            assertEquals(ViolationKind.ORPHAN, report.violations().get(0).kind());
            ItemKey key = report.violations().get(0).items().get(0);
            assertEquals("SESSION#" + token, key.sort());
            assertTrue(!key.toString().contains(token), "keys print masked");
        }
    }
}
