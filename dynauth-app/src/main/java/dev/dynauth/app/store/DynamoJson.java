package dev.dynauth.app.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Items in DynamoDB's own JSON form ({@code {"S": "x"}}, {@code {"N": "1.5"}}, {@code {"B": base64}},
 * {@code BOOL}, {@code NULL}, {@code L}, {@code M}, {@code SS}, {@code NS}, {@code BS}): lossless for
 * every attribute type, numbers kept as their exact strings.
 */
public final class DynamoJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DynamoJson() {}

    /** A problem in the JSON of one item; the message says where. */
    public static final class FormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        FormatException(String message) { super(message); }
    }

    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode o = NODES.objectNode();
        item.forEach((k, v) -> o.set(k, toJson(v)));
        return o;
    }

    public static ObjectNode toJson(AttributeValue v) {
        ObjectNode o = NODES.objectNode();
        switch (v.type()) {
            case S -> o.put("S", v.s());
            case N -> o.put("N", v.n());
            case B -> o.put("B", base64(v.b()));
            case BOOL -> o.put("BOOL", v.bool());
            case NUL -> o.put("NULL", true);
            case SS -> { ArrayNode a = o.putArray("SS"); v.ss().forEach(a::add); }
            case NS -> { ArrayNode a = o.putArray("NS"); v.ns().forEach(a::add); }
            case BS -> { ArrayNode a = o.putArray("BS"); v.bs().forEach(b -> a.add(base64(b))); }
            case L -> { ArrayNode a = o.putArray("L"); v.l().forEach(e -> a.add(toJson(e))); }
            case M -> {
                ObjectNode m = o.putObject("M");
                v.m().forEach((k, e) -> m.set(k, toJson(e)));
            }
            default -> throw new IllegalArgumentException("unsupported attribute type " + v.type());
        }
        return o;
    }

    /** One export line: {@code {"Item": {...}}}, the format of DynamoDB's export to S3. */
    public static String line(Map<String, AttributeValue> item) {
        ObjectNode o = NODES.objectNode();
        o.set("Item", toJson(item));
        return MAPPER.writeValueAsString(o);
    }

    /** Parses one line: {@code {"Item": {...}}} or a bare item object. */
    public static Map<String, AttributeValue> parseLine(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JacksonException e) {
            throw new FormatException("not valid JSON (" + Failures.firstLine(e.getOriginalMessage()) + ")");
        }
        if (node == null || !node.isObject()) {
            throw new FormatException("expected a JSON object");
        }
        if (node.size() == 1 && node.has("Item")) {
            node = node.get("Item");
            if (!node.isObject()) {
                throw new FormatException("\"Item\" must be an object");
            }
        }
        return fromJsonItem(node, "");
    }

    public static Map<String, AttributeValue> fromJsonItem(JsonNode node, String path) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            item.put(e.getKey(), fromJson(e.getValue(), path + e.getKey()));
        }
        return item;
    }

    static AttributeValue fromJson(JsonNode node, String path) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new FormatException("attribute '" + path + "' must be an object with exactly one type key"
                    + " (S, N, B, BOOL, NULL, L, M, SS, NS or BS)");
        }
        Map.Entry<String, JsonNode> e = node.properties().iterator().next();
        String type = e.getKey();
        JsonNode v = e.getValue();
        switch (type) {
            case "S": return AttributeValue.fromS(string(v, path, type));
            case "N": return AttributeValue.fromN(number(v, path));
            case "B": return AttributeValue.fromB(binary(v, path));
            case "BOOL":
                if (!v.isBoolean()) throw new FormatException("attribute '" + path + "': BOOL must be true or false");
                return AttributeValue.fromBool(v.booleanValue());
            case "NULL":
                if (!v.isBoolean() || !v.booleanValue()) throw new FormatException("attribute '" + path + "': NULL must be true");
                return AttributeValue.fromNul(true);
            case "SS": {
                List<String> l = new ArrayList<>();
                for (JsonNode x : array(v, path, type)) l.add(string(x, path, type));
                return AttributeValue.fromSs(l);
            }
            case "NS": {
                List<String> l = new ArrayList<>();
                for (JsonNode x : array(v, path, type)) l.add(number(x, path));
                return AttributeValue.fromNs(l);
            }
            case "BS": {
                List<SdkBytes> l = new ArrayList<>();
                for (JsonNode x : array(v, path, type)) l.add(binary(x, path));
                return AttributeValue.fromBs(l);
            }
            case "L": {
                List<AttributeValue> l = new ArrayList<>();
                int i = 0;
                for (JsonNode x : array(v, path, type)) l.add(fromJson(x, path + "[" + i++ + "]"));
                return AttributeValue.fromL(l);
            }
            case "M":
                if (!v.isObject()) throw new FormatException("attribute '" + path + "': M must be an object");
                return AttributeValue.fromM(fromJsonItem(v, path + "."));
            default:
                throw new FormatException("attribute '" + path + "' has unknown type '" + type
                        + "' (expected S, N, B, BOOL, NULL, L, M, SS, NS or BS)");
        }
    }

    private static String string(JsonNode v, String path, String type) {
        if (!v.isString()) throw new FormatException("attribute '" + path + "': " + type + " needs string values");
        return v.stringValue();
    }

    private static String number(JsonNode v, String path) {
        String s;
        if (v.isString()) s = v.stringValue();
        else if (v.isNumber()) s = v.decimalValue().toString();
        else throw new FormatException("attribute '" + path + "': N must be a number in a string");
        try {
            new BigDecimal(s);
        } catch (NumberFormatException ex) {
            throw new FormatException("attribute '" + path + "': '" + abbreviate(s) + "' is not a number");
        }
        return s;
    }

    private static SdkBytes binary(JsonNode v, String path) {
        if (!v.isString()) throw new FormatException("attribute '" + path + "': B needs a base64 string");
        try {
            return SdkBytes.fromByteArray(Base64.getDecoder().decode(v.stringValue()));
        } catch (IllegalArgumentException ex) {
            throw new FormatException("attribute '" + path + "': B is not valid base64");
        }
    }

    private static Iterable<JsonNode> array(JsonNode v, String path, String type) {
        if (!v.isArray()) throw new FormatException("attribute '" + path + "': " + type + " must be an array");
        if (!type.equals("L") && v.size() == 0) throw new FormatException("attribute '" + path + "': " + type + " must not be empty");
        return v.values();
    }

    private static String base64(SdkBytes b) {
        return Base64.getEncoder().encodeToString(b.asByteArrayUnsafe());
    }

    /**
     * A value of an entity read by the adapter (String, Number, Boolean, Instant, byte[], Map, List, Set
     * or null) as a plain JSON value, for human-facing output: instants as ISO-8601 text, bytes as base64.
     */
    public static JsonNode plain(Object v) {
        if (v == null) return NODES.nullNode();
        if (v instanceof String s) return NODES.stringNode(s);
        if (v instanceof Boolean b) return NODES.booleanNode(b);
        if (v instanceof Long l) return NODES.numberNode(l);
        if (v instanceof Integer i) return NODES.numberNode(i);
        if (v instanceof BigDecimal d) return NODES.numberNode(d);
        if (v instanceof Number n) return NODES.numberNode(new BigDecimal(n.toString()));
        if (v instanceof byte[] b) return NODES.stringNode(Base64.getEncoder().encodeToString(b));
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, e) -> o.set(String.valueOf(k), plain(e)));
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = NODES.arrayNode();
            c.forEach(e -> a.add(plain(e)));
            return a;
        }
        return NODES.stringNode(v.toString());
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
