package dev.dynauth.testkit;

import dev.dynauth.Adapter;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.TableOptions;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite against DynamoDbAdapter on DynamoDB Local, with the npm adapter's default names. */
class DefaultNamesConformanceTest extends AdapterConformanceTests {
    private static LocalTable table;
    private static DynamoDbAdapter adapter;

    @BeforeAll
    static void start() {
        table = LocalTable.start(TableOptions.defaults());
        adapter = DynamoDbAdapter.builder().client(table.client()).options(table.options()).build();
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
        return table.options().reservedAttributes();
    }
}
