package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynauth.Adapter;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.TableChecker;
import dev.dynauth.TableReport;
import dev.dynauth.TableRepair;
import dev.dynauth.TableOptions;
import dev.dynauth.testkit.AdapterConformanceTests;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** dynauth's whole conformance suite on a legacy table the npm adapter wrote, once doctor repaired it. */
@ExtendWith({SharedDynamoDbLocal.class, SharedNodeDriver.class})
class LegacyTableConformanceTest extends AdapterConformanceTests {
    private static NodeDriver node;
    private static DynamoDbAdapter adapter;

    @BeforeAll
    static void legacyTableRepaired() {
        node = SharedNodeDriver.driver();
        TableOptions options = Schema.DEFAULT.options("legacy-" + UUID.randomUUID().toString().substring(0, 8));
        DynamoDbTables.createIfMissing(SharedDynamoDbLocal.client(), options);
        node.configure(SharedDynamoDbLocal.server().endpoint().toString(), Schema.DEFAULT.npmOptions(options), InteropBase.SECRET);
        adapter = DynamoDbAdapter.builder().client(SharedDynamoDbLocal.client()).options(options).build();
        LegacyTable.build(node, adapter);
        TableChecker checker = TableChecker.builder(SharedDynamoDbLocal.client()).options(options).build();
        TableRepair repair = TableRepair.builder(SharedDynamoDbLocal.client()).options(options).mergeDuplicates(true).build();
        TableReport report = checker.check();
        for (int pass = 0; pass < 4 && !report.clean(); pass++) {
            repair.fix(report);
            report = checker.check();
        }
        assertEquals(List.of(), report.violations(), "repaired before the suite runs");
    }

    @Override
    protected Adapter adapter() {
        return adapter;
    }
}
