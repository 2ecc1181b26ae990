package dev.dynauth;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules every value type shares for custom attributes and instants: copies are deep and
 * unmodifiable, {@code null} values are kept (they mean "stored as NULL"), and instants are
 * truncated to milliseconds, which is all Auth.js (a JavaScript {@code Date}) can hold.
 */
final class Attributes {
    private Attributes() {}

    static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Deep, unmodifiable copy of a custom attribute map; rejects names the entity reserves. */
    static Map<String, Object> copy(Map<String, ?> attributes, Set<String> reserved, String entity) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : attributes.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException(entity + " attribute names must not be empty");
            }
            if (reserved.contains(name)) {
                throw new IllegalArgumentException(
                        "'" + name + "' is a field of " + entity + ", not a custom attribute: set it through its own method");
            }
            copy.put(name, copyValue(e.getValue(), name));
        }
        return Collections.unmodifiableMap(copy);
    }

    static Object copyValue(Object value, String name) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Instant) {
            return millis((Instant) value);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("attribute '" + name + "' is " + d + ", which DynamoDB cannot store");
            }
            return value;
        }
        if (value instanceof Number) {
            if (value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte || value instanceof BigDecimal || value instanceof BigInteger) {
                return value;
            }
            return new BigDecimal(value.toString());
        }
        if (value instanceof byte[]) {
            return ((byte[]) value).clone();
        }
        if (value instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("attribute '" + name + "' has a map key that is not a string");
                }
                m.put((String) e.getKey(), copyValue(e.getValue(), name));
            }
            return Collections.unmodifiableMap(m);
        }
        if (value instanceof Set) {
            Set<Object> s = new LinkedHashSet<>();
            for (Object o : (Set<?>) value) {
                s.add(copyValue(Objects.requireNonNull(o, "sets cannot hold null"), name));
            }
            return Collections.unmodifiableSet(s);
        }
        if (value instanceof Collection) {
            List<Object> l = new ArrayList<>();
            for (Object o : (Collection<?>) value) {
                l.add(copyValue(o, name));
            }
            return Collections.unmodifiableList(l);
        }
        throw new IllegalArgumentException("attribute '" + name + "' has a value of type "
                + value.getClass().getName() + "; supported: String, Number, Boolean, Instant, byte[], List, Set, Map and null");
    }

    static String names(Map<String, Object> attributes) {
        return attributes.keySet().toString();
    }
}
