package dev.dynauth.testkit;

import dev.dynauth.Adapter;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.TableOptions;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite with all six table options changed. */
class CustomNamesConformanceTest extends AdapterConformanceTests {
    static final TableOptions CUSTOM = TableOptions.builder()
            .tableName("custom-table-name")
            .partitionKey("custom-pk")
            .sortKey("custom-sk")
            .indexName("custom-index-name")
            .indexPartitionKey("custom-index-pk")
            .indexSortKey("custom-index-sk")
            .build();

    private static LocalTable table;
    private static DynamoDbAdapter adapter;

    @BeforeAll
    static void start() {
        table = LocalTable.start(CUSTOM);
        // without the owner map, so the suite covers the index path of Auth.js tokens too (the default names run with it)
        adapter = DynamoDbAdapter.builder().client(table.client()).options(CUSTOM).sessionOwnerCacheSize(0).build();
    }

    @AfterAll
    static void stop() {
        table.close();
    }

    @Override
    protected Adapter adapter() {
        return adapter;
    }

    @Override
    protected Set<String> reservedAttributeNames() {
        return Set.of("custom-pk", "custom-sk", "custom-index-pk", "custom-index-sk", "type");
    }
}
