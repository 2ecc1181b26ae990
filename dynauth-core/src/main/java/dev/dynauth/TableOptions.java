package dev.dynauth;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The table's names, as the options of the npm adapter, with the same defaults: table
 * {@code next-auth}, keys {@code pk}/{@code sk}, index {@code GSI1} keyed by {@code GSI1PK}/{@code GSI1SK}.
 */
public record TableOptions(String tableName, String partitionKey, String sortKey, String indexName,
                           String indexPartitionKey, String indexSortKey) {

    /** DynamoDB TTL attribute, a Number of epoch seconds, as Auth.js writes it. */
    public static final String EXPIRES_ATTRIBUTE = "expires";
    /** The entity tag attribute Auth.js writes on every item. */
    public static final String TYPE_ATTRIBUTE = "type";

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern INDEX_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    public TableOptions {
        Objects.requireNonNull(tableName, "tableName");
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("table name must be 3 to 255 letters, digits, '_', '-' or '.': " + tableName);
        }
        if (!INDEX_NAME.matcher(Objects.requireNonNull(indexName, "indexName")).matches()) {
            throw new IllegalArgumentException("index name must be 3 to 255 letters, digits, '_', '-' or '.': " + indexName);
        }
        List<String> keys = List.of(
                Objects.requireNonNull(partitionKey, "partitionKey"),
                Objects.requireNonNull(sortKey, "sortKey"),
                Objects.requireNonNull(indexPartitionKey, "indexPartitionKey"),
                Objects.requireNonNull(indexSortKey, "indexSortKey"));
        Set<String> seen = new HashSet<>();
        for (String k : keys) {
            if (k.isEmpty()) {
                throw new IllegalArgumentException("key attribute names must not be empty");
            }
            if (!seen.add(k)) {
                throw new IllegalArgumentException("key attribute names must differ: '" + k + "' is used twice");
            }
            if (k.equals(TYPE_ATTRIBUTE) || k.equals(EXPIRES_ATTRIBUTE)) {
                throw new IllegalArgumentException("'" + k + "' cannot be a key attribute: Auth.js stores data in it");
            }
        }
    }

    /** The npm adapter's defaults. */
    public static TableOptions defaults() {
        return builder().build();
    }

    /** The four key attribute names plus {@code type}: names no custom attribute may use. */
    public Set<String> reservedAttributes() {
        return Set.of(partitionKey, sortKey, indexPartitionKey, indexSortKey, TYPE_ATTRIBUTE);
    }

    public Builder toBuilder() {
        return new Builder().tableName(tableName).partitionKey(partitionKey).sortKey(sortKey).indexName(indexName)
                .indexPartitionKey(indexPartitionKey).indexSortKey(indexSortKey);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link TableOptions}; unset names keep the npm adapter's defaults. */
    public static final class Builder {
        private String tableName = "next-auth";
        private String partitionKey = "pk";
        private String sortKey = "sk";
        private String indexName = "GSI1";
        private String indexPartitionKey = "GSI1PK";
        private String indexSortKey = "GSI1SK";

        private Builder() {}

        public Builder tableName(String v) { tableName = v; return this; }
        public Builder partitionKey(String v) { partitionKey = v; return this; }
        public Builder sortKey(String v) { sortKey = v; return this; }
        public Builder indexName(String v) { indexName = v; return this; }
        public Builder indexPartitionKey(String v) { indexPartitionKey = v; return this; }
        public Builder indexSortKey(String v) { indexSortKey = v; return this; }

        public TableOptions build() {
            return new TableOptions(tableName, partitionKey, sortKey, indexName, indexPartitionKey, indexSortKey);
        }
    }
}
