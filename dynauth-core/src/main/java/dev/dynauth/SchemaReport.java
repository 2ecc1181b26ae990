package dev.dynauth;

import java.util.List;
import java.util.Objects;

/**
 * What {@link DynamoDbTables#verify} found: every way the table differs from the schema the adapter
 * needs, one plain sentence each, or nothing.
 *
 * @param tableName the table that was checked
 * @param problems  the mismatches in a stable order; empty when the table is usable
 */
public record SchemaReport(String tableName, List<String> problems) {

    public SchemaReport {
        Objects.requireNonNull(tableName, "tableName");
        problems = List.copyOf(problems);
    }

    /** True when the table has the keys, index and TTL the adapter needs and is ACTIVE. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * Returns this report if it is {@linkplain #ok() ok}.
     *
     * @throws AdapterException listing every problem otherwise
     */
    public SchemaReport requireOk() {
        if (!ok()) {
            throw new AdapterException(toString());
        }
        return this;
    }

    /** One line when ok, else a line per problem. */
    @Override
    public String toString() {
        if (ok()) {
            return "table \"" + tableName + "\" matches the adapter's schema";
        }
        StringBuilder sb = new StringBuilder("table \"").append(tableName).append("\" does not match the adapter's schema (")
                .append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        for (String p : problems) {
            sb.append("\n - ").append(p);
        }
        return sb.toString();
    }
}
