package dev.dynauth.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to and from the Node driver. A date travels as {@code {"$date": "<ISO-8601>"}} so that a date and a
 * string that looks like one stay apart; integral numbers read back as {@link Long}, others as
 * {@link BigDecimal} (as dynauth reads numbers).
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(toJson(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON", e);
        }
    }

    static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Node printed a line that is not JSON", e);
        }
    }

    private static Object toJson(Object v) {
        if (v instanceof Instant) {
            return Map.of("$date", iso((Instant) v));
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> out.put((String) k, toJson(x)));
            return out;
        }
        if (v instanceof Collection) {
            List<Object> out = new ArrayList<>();
            ((Collection<?>) v).forEach(x -> out.add(toJson(x)));
            return out;
        }
        return v;
    }

    /** JavaScript's {@code Date.toISOString()}: always milliseconds. */
    static String iso(Instant i) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(i);
    }

    static Object toJava(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            if (n.size() == 1 && n.has("$date")) {
                return Instant.parse(n.get("$date").asText());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), toJava(e.getValue()));
            }
            return out;
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(toJava(x)));
            return out;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isNumber()) {
            BigDecimal d = n.decimalValue();
            if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
                try {
                    return d.longValueExact();
                } catch (ArithmeticException tooBig) {
                    return d;
                }
            }
            return d;
        }
        throw new IllegalStateException("unexpected JSON " + n);
    }
}
