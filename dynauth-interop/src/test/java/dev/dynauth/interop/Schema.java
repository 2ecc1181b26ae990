package dev.dynauth.interop;

import dev.dynauth.TableOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The two table layouts every two-way test runs on: the npm adapter's defaults, and all six options changed. */
enum Schema {
    /** Default key and index names; only the table name is set (the npm adapter is given nothing else). */
    DEFAULT,
    /** All six options changed, on both sides. */
    CUSTOM;

    TableOptions options(String uniqueSuffix) {
        if (this == DEFAULT) {
            return TableOptions.builder().tableName("next-auth-" + uniqueSuffix).build();
        }
        return TableOptions.builder()
                .tableName("custom-auth-" + uniqueSuffix)
                .partitionKey("PK")
                .sortKey("SK")
                .indexName("ByLookup")
                .indexPartitionKey("lookupPK")
                .indexSortKey("lookupSK")
                .build();
    }

    /** The options object handed to {@code DynamoDBAdapter(client, options)}. */
    Map<String, Object> npmOptions(TableOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tableName", o.tableName());
        if (this == CUSTOM) {
            m.put("partitionKey", o.partitionKey());
            m.put("sortKey", o.sortKey());
            m.put("indexName", o.indexName());
            m.put("indexPartitionKey", o.indexPartitionKey());
            m.put("indexSortKey", o.indexSortKey());
        }
        return m;
    }

    /**
     * The key attributes the npm adapter leaves in the objects it returns: it drops only the literal names
     * pk, sk, GSI1PK and GSI1SK (its defect 2 in the reference), so with custom names they leak.
     */
    Set<String> npmLeakedKeys(TableOptions o) {
        return this == DEFAULT ? Set.of()
                : Set.of(o.partitionKey(), o.sortKey(), o.indexPartitionKey(), o.indexSortKey());
    }
}
