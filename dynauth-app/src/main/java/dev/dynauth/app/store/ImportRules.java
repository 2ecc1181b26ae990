package dev.dynauth.app.store;

import dev.dynauth.Keys;
import dev.dynauth.TableOptions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every rule DynamoDB enforces on a PutItem of an item into the adapter's table, checked before {@code import}
 * writes anything: a line DynamoDB would refuse must stop the import before its first write, not after the lines
 * before it. The rules are DynamoDB's documented limits (item size, nesting depth, number range and precision, set
 * members, key types and sizes); the item's size is counted the way DynamoDB documents it.
 */
public final class ImportRules {
    private ImportRules() {}

    /** DynamoDB's item size limit, 400 KB. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;
    /** Lists and maps nest at most 32 levels deep, the item itself being the first (as DynamoDB Local 3.3.1 counts). */
    static final int MAX_DEPTH = 32;
    static final int MAX_NUMBER_DIGITS = 38;
    private static final BigDecimal SMALLEST_NUMBER = new BigDecimal("1E-130");
    private static final BigDecimal TOO_LARGE_NUMBER = new BigDecimal("1E126");

    /** The first rule the item breaks, in words, or empty when DynamoDB would store it. */
    public static Optional<String> broken(Map<String, AttributeValue> item, TableOptions o) {
        for (String k : List.of(o.partitionKey(), o.sortKey())) {
            AttributeValue v = item.get(k);
            if (v == null) {
                return Optional.of("it has no key attribute '" + k + "' (wrong --partition-key/--sort-key?)");
            }
        }
        Optional<String> keys = key(item, o.partitionKey(), "key attribute", Keys.MAX_PARTITION_KEY_BYTES, true)
                .or(() -> key(item, o.sortKey(), "key attribute", Keys.MAX_SORT_KEY_BYTES, true))
                .or(() -> key(item, o.indexPartitionKey(), "index key attribute", Keys.MAX_PARTITION_KEY_BYTES, false))
                .or(() -> key(item, o.indexSortKey(), "index key attribute", Keys.MAX_SORT_KEY_BYTES, false));
        if (keys.isPresent()) {
            return keys;
        }
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (e.getKey().isEmpty()) {
                return Optional.of("an attribute name is empty");
            }
            Optional<String> bad = value(e.getValue(), "'" + e.getKey() + "'", 1);
            if (bad.isPresent()) {
                return bad;
            }
            size += utf8(e.getKey()) + size(e.getValue());
        }
        if (size > MAX_ITEM_BYTES) {
            return Optional.of("the item is " + size + " bytes, over DynamoDB's item size limit of 400 KB (" + MAX_ITEM_BYTES + " bytes)");
        }
        return Optional.empty();
    }

    /** A key of the table or its index: a non-empty string within its size limit (an index key may be absent). */
    private static Optional<String> key(Map<String, AttributeValue> item, String name, String what, int limit, boolean required) {
        AttributeValue v = item.get(name);
        if (v == null && !required) {
            return Optional.empty();
        }
        if (v.s() == null) {
            return Optional.of(what + " '" + name + "' must be a string (S), the table's key type, not " + v.type());
        }
        if (v.s().isEmpty()) {
            return Optional.of(what + " '" + name + "' must not be an empty string");
        }
        if (utf8(v.s()) > limit) {
            return Optional.of(what + " '" + name + "' is " + utf8(v.s()) + " bytes, over DynamoDB's limit of " + limit
                    + " bytes for it");
        }
        return Optional.empty();
    }

    /** {@code level}: of the list, map or item holding {@code v}. */
    private static Optional<String> value(AttributeValue v, String path, int level) {
        switch (v.type()) {
            case N -> {
                return number(v.n(), path);
            }
            case NS -> {
                for (String n : v.ns()) {
                    Optional<String> bad = number(n, path);
                    if (bad.isPresent()) {
                        return bad;
                    }
                }
                Set<BigDecimal> seen = new TreeSet<>(); // TreeSet: compareTo, so 1 and 1.0 are one number
                return v.ns().stream().filter(n -> !seen.add(new BigDecimal(n))).findFirst()
                        .map(n -> "attribute " + path + " is a number set holding " + n + " twice");
            }
            case SS -> {
                return duplicate(v.ss(), path, "string");
            }
            case BS -> {
                return duplicate(v.bs().stream().map(SdkBytes::asByteBuffer).toList(), path, "binary");
            }
            case L, M -> {
                int depth = level + 1;
                if (depth > MAX_DEPTH) {
                    return Optional.of("attribute " + path + " nests lists or maps deeper than DynamoDB's " + MAX_DEPTH + " levels");
                }
                if (v.type() == AttributeValue.Type.L) {
                    for (int i = 0; i < v.l().size(); i++) {
                        Optional<String> bad = value(v.l().get(i), path + "[" + i + "]", depth);
                        if (bad.isPresent()) {
                            return bad;
                        }
                    }
                } else {
                    for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                        Optional<String> bad = value(e.getValue(), path + "." + e.getKey(), depth);
                        if (bad.isPresent()) {
                            return bad;
                        }
                    }
                }
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static <T> Optional<String> duplicate(List<T> members, String path, String kind) {
        Set<T> seen = new HashSet<>();
        for (T m : members) {
            if (!seen.add(m)) {
                return Optional.of("attribute " + path + " is a " + kind + " set holding a member twice");
            }
        }
        return Optional.empty();
    }

    /** DynamoDB numbers: 38 significant digits, magnitude from 1E-130 to below 1E126, or zero. */
    private static Optional<String> number(String n, String path) {
        BigDecimal d = new BigDecimal(n).stripTrailingZeros();
        if (d.signum() == 0) {
            return Optional.empty();
        }
        if (d.precision() > MAX_NUMBER_DIGITS) {
            return Optional.of("attribute " + path + " has the number " + abbreviate(n) + " with more than "
                    + MAX_NUMBER_DIGITS + " significant digits");
        }
        BigDecimal abs = d.abs();
        if (abs.compareTo(SMALLEST_NUMBER) < 0 || abs.compareTo(TOO_LARGE_NUMBER) >= 0) {
            return Optional.of("attribute " + path + " has the number " + abbreviate(n) + ", out of DynamoDB's range "
                    + "(1E-130 to 9.99E+125 in magnitude)");
        }
        return Optional.empty();
    }

    private static String abbreviate(String n) {
        return n.length() <= 24 ? n : n.substring(0, 20) + "…";
    }

    /** An attribute value's size as DynamoDB counts it (names counted by the caller and for map entries). */
    public static long size(AttributeValue v) {
        return switch (v.type()) {
            case S -> utf8(v.s());
            case N -> numberSize(v.n());
            case B -> v.b().asByteArray().length;
            case BOOL, NUL -> 1;
            case SS -> v.ss().stream().mapToLong(ImportRules::utf8).sum();
            case NS -> v.ns().stream().mapToLong(ImportRules::numberSize).sum();
            case BS -> v.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
            case L -> 3 + v.l().stream().mapToLong(e -> 1 + size(e)).sum();
            case M -> 3 + v.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + size(e.getValue())).sum();
            default -> 0;
        };
    }

    /** One byte per two significant digits, plus one. */
    private static long numberSize(String n) {
        BigDecimal d = new BigDecimal(n).stripTrailingZeros();
        return (d.precision() + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
