package dev.dynauth;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Placeholders for one expression. Every attribute name goes through {@code #n} placeholders, so any
 * name (dashes, dots, spaces, non-ASCII, reserved words) is safe, unlike the npm adapter's raw names.
 */
final class Expr {
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();
    private final Map<String, String> nameIds = new HashMap<>();

    String name(String attribute) {
        return nameIds.computeIfAbsent(attribute, a -> {
            String id = "#n" + names.size();
            names.put(id, a);
            return id;
        });
    }

    String value(AttributeValue value) {
        String id = ":v" + values.size();
        values.put(id, value);
        return id;
    }

    String value(String s) {
        return value(AttributeValue.fromS(s));
    }

    /** For SDK builders: {@code null} rather than an empty map, which DynamoDB rejects. */
    Map<String, String> names() {
        return names.isEmpty() ? null : names;
    }

    Map<String, AttributeValue> values() {
        return values.isEmpty() ? null : values;
    }
}
