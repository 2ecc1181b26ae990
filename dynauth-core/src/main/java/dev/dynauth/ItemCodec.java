package dev.dynauth;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item codec: the npm adapter's write and read rules, in one place.
 *
 * <p>Write: an instant becomes an ISO-8601 string with milliseconds and {@code Z}, except a top-level
 * {@code expires}, which becomes a Number of epoch seconds with the millisecond fraction (the TTL
 * attribute). Read: key attributes and the entity tags USER, SESSION, VT and AUTHENTICATOR are
 * dropped, a string that looks like an ISO-8601 date-time becomes an instant, and a top-level
 * {@code expires} is read as an instant whether it is a Number (integer or fractional) or an
 * ISO string (adapter versions before 2022).
 */
final class ItemCodec {

    static final String EXPIRES = TableOptions.EXPIRES_ATTRIBUTE;
    static final String TYPE = TableOptions.TYPE_ATTRIBUTE;

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Auth.js's own test for a date string (the three ISO-8601 shapes it accepts). */
    private static final Pattern ISO_DATE = Pattern.compile(
            "\\d{4}-[01]\\d-[0-3]\\dT[0-2]\\d:[0-5]\\d(:[0-5]\\d(\\.\\d+)?)?([+-][0-2]\\d:[0-5]\\d|Z)");
    private static final Set<String> DROPPED_TAGS =
            Set.of(Keys.TYPE_USER, Keys.TYPE_SESSION, Keys.TYPE_VT, Keys.TYPE_AUTHENTICATOR, Keys.TYPE_UNIQUE);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private final TableOptions options;
    private final Set<String> keyAttributes;

    ItemCodec(TableOptions options) {
        this.options = options;
        this.keyAttributes = Set.of(options.partitionKey(), options.sortKey(), options.indexPartitionKey(),
                options.indexSortKey());
    }

    // ---- values -------------------------------------------------------------------------------

    static String iso(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    /** {@code expires} as the npm adapter writes it: {@code getTime() / 1000}, printed as JavaScript prints it. */
    static String epochSeconds(Instant instant) {
        BigDecimal seconds = BigDecimal.valueOf(instant.toEpochMilli(), 3).stripTrailingZeros();
        return seconds.scale() < 0 ? seconds.setScale(0).toPlainString() : seconds.toPlainString();
    }

    static Instant fromEpochSeconds(String n) {
        BigDecimal millis = new BigDecimal(n).multiply(THOUSAND).setScale(0, RoundingMode.HALF_UP);
        return Instant.ofEpochMilli(millis.longValueExact());
    }

    static Instant parseDate(String s) {
        if (s.length() < 17 || s.length() > 40 || !ISO_DATE.matcher(s).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static AttributeValue encode(String name, Object value, boolean topLevel) {
        if (value == null) {
            return AttributeValue.fromNul(true);
        }
        if (value instanceof String) {
            return AttributeValue.fromS((String) value);
        }
        if (value instanceof Boolean) {
            return AttributeValue.fromBool((Boolean) value);
        }
        if (value instanceof Instant) {
            Instant instant = (Instant) value;
            return topLevel && EXPIRES.equals(name)
                    ? AttributeValue.fromN(epochSeconds(instant))
                    : AttributeValue.fromS(iso(instant));
        }
        if (value instanceof Number) {
            return AttributeValue.fromN(number((Number) value, name));
        }
        if (value instanceof byte[]) {
            return AttributeValue.fromB(SdkBytes.fromByteArray((byte[]) value));
        }
        if (value instanceof Map) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                m.put((String) e.getKey(), encode((String) e.getKey(), e.getValue(), false));
            }
            return AttributeValue.fromM(m);
        }
        if (value instanceof Set) {
            return encodeSet(name, (Set<?>) value);
        }
        if (value instanceof Collection) {
            List<AttributeValue> l = new ArrayList<>();
            for (Object o : (Collection<?>) value) {
                l.add(encode(name, o, false));
            }
            return AttributeValue.fromL(l);
        }
        throw new IllegalArgumentException("attribute '" + name + "' has an unsupported type " + value.getClass().getName());
    }

    private static AttributeValue encodeSet(String name, Set<?> set) {
        if (set.isEmpty()) {
            // DynamoDB has no empty sets; an empty list is the closest lossless thing that reads back as a collection.
            return AttributeValue.fromL(List.of());
        }
        Object first = set.iterator().next();
        if (set.stream().allMatch(String.class::isInstance)) {
            return AttributeValue.fromSs(set.stream().map(String.class::cast).toList());
        }
        if (set.stream().allMatch(Number.class::isInstance)) {
            return AttributeValue.fromNs(set.stream().map(n -> number((Number) n, name)).toList());
        }
        if (set.stream().allMatch(byte[].class::isInstance)) {
            return AttributeValue.fromBs(set.stream().map(b -> SdkBytes.fromByteArray((byte[]) b)).toList());
        }
        throw new IllegalArgumentException("attribute '" + name + "' is a set mixing types, starting with "
                + first.getClass().getSimpleName() + "; sets hold only strings, only numbers or only byte arrays");
    }

    private static String number(Number n, String name) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte || n instanceof BigInteger) {
            return n.toString();
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("attribute '" + name + "' is " + d + ", which DynamoDB cannot store");
            }
            return plain(new BigDecimal(Double.toString(d)));
        }
        return plain(new BigDecimal(n.toString()));
    }

    private static String plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }

    static Object decode(String name, AttributeValue v, boolean topLevel) {
        switch (v.type()) {
            case S: {
                Instant date = parseDate(v.s());
                return date != null ? date : v.s();
            }
            case N:
                return topLevel && EXPIRES.equals(name) ? fromEpochSeconds(v.n()) : decodeNumber(v.n());
            case BOOL:
                return v.bool();
            case NUL:
                return null;
            case B:
                return v.b().asByteArray();
            case M: {
                Map<String, Object> m = new LinkedHashMap<>();
                v.m().forEach((k, x) -> m.put(k, decode(k, x, false)));
                return m;
            }
            case L: {
                List<Object> l = new ArrayList<>();
                v.l().forEach(x -> l.add(decode(name, x, false)));
                return l;
            }
            case SS:
                return new LinkedHashSet<>(v.ss());
            case NS: {
                Set<Object> s = new LinkedHashSet<>();
                v.ns().forEach(x -> s.add(decodeNumber(x)));
                return s;
            }
            case BS: {
                Set<Object> s = new LinkedHashSet<>();
                v.bs().forEach(x -> s.add(x.asByteArray()));
                return s;
            }
            default:
                throw new AdapterException("attribute '" + name + "' has a type this version cannot read: " + v.type());
        }
    }

    /** Integral numbers come back as {@link Long} when they fit, everything else as {@link BigDecimal}. */
    static Object decodeNumber(String n) {
        BigDecimal d = new BigDecimal(n);
        if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException tooBig) {
                return d;
            }
        }
        return d;
    }

    // ---- items ---------------------------------------------------------------------------------

    /** The item without its key attributes and entity tag, with values decoded. */
    Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String k = e.getKey();
            if (keyAttributes.contains(k)) {
                continue;
            }
            AttributeValue v = e.getValue();
            if (TYPE.equals(k) && v.s() != null && DROPPED_TAGS.contains(v.s())) {
                continue;
            }
            out.put(k, decode(k, v, true));
        }
        return out;
    }

    void putAttributes(Map<String, AttributeValue> item, Map<String, Object> attributes) {
        Set<String> reserved = options.reservedAttributes();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            checkName(e.getKey(), reserved);
            item.put(e.getKey(), encode(e.getKey(), e.getValue(), true));
        }
    }

    void checkName(String name, Set<String> reserved) {
        if (reserved.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is a key attribute or the entity tag of table "
                    + options.tableName() + " and cannot be a custom attribute");
        }
    }

    Map<String, AttributeValue> keyOf(String partition, String sort) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(options.partitionKey(), AttributeValue.fromS(partition));
        key.put(options.sortKey(), AttributeValue.fromS(sort));
        return key;
    }

    private Map<String, AttributeValue> item(String partition, String sort, String indexPartition, String indexSort) {
        Map<String, AttributeValue> item = keyOf(partition, sort);
        if (indexPartition != null) {
            item.put(options.indexPartitionKey(), AttributeValue.fromS(indexPartition));
            item.put(options.indexSortKey(), AttributeValue.fromS(indexSort));
        }
        return item;
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Object value) {
        if (value != null) {
            item.put(name, encode(name, value, true));
        }
    }

    Map<String, AttributeValue> encodeUser(AdapterUser u) {
        String index = u.email() == null ? null : Keys.userEmail(u.email());
        Map<String, AttributeValue> item = item(Keys.user(u.id()), Keys.user(u.id()), index, index);
        item.put(TYPE, AttributeValue.fromS(Keys.TYPE_USER));
        item.put("id", AttributeValue.fromS(u.id()));
        putIfPresent(item, "email", u.email());
        // Auth.js always passes emailVerified (null until verified), so the npm adapter always writes it.
        item.put("emailVerified", encode("emailVerified", u.emailVerified(), true));
        putIfPresent(item, "name", u.name());
        putIfPresent(item, "image", u.image());
        putAttributes(item, u.attributes());
        return item;
    }

    AdapterUser decodeUser(Map<String, AttributeValue> item) {
        Map<String, Object> p = plain(item);
        AdapterUser.Builder b = AdapterUser.builder()
                .id(string(p.remove("id")))
                .email(string(p.remove("email")))
                .name(string(p.remove("name")))
                .image(string(p.remove("image")));
        Object verified = p.remove("emailVerified");
        b.emailVerified(verified instanceof Instant ? (Instant) verified : null);
        return b.attributes(p).build();
    }

    Map<String, AttributeValue> encodeAccount(AdapterAccount a) {
        Map<String, AttributeValue> item = item(Keys.user(a.userId()), Keys.accountSort(a.provider(), a.providerAccountId()),
                Keys.accountIndexPartition(a.provider()), Keys.accountIndexSort(a.providerAccountId()));
        item.put("id", AttributeValue.fromS(a.id()));
        item.put("userId", AttributeValue.fromS(a.userId()));
        item.put(TYPE, AttributeValue.fromS(a.type()));
        item.put("provider", AttributeValue.fromS(a.provider()));
        item.put("providerAccountId", AttributeValue.fromS(a.providerAccountId()));
        putIfPresent(item, "access_token", a.accessToken());
        putIfPresent(item, "refresh_token", a.refreshToken());
        putIfPresent(item, "id_token", a.idToken());
        putIfPresent(item, "token_type", a.tokenType());
        putIfPresent(item, "scope", a.scope());
        putIfPresent(item, "session_state", a.sessionState());
        putIfPresent(item, "expires_at", a.expiresAt());
        putAttributes(item, a.attributes());
        return item;
    }

    AdapterAccount decodeAccount(Map<String, AttributeValue> item) {
        Map<String, Object> p = plain(item);
        Object expiresAt = p.remove("expires_at");
        return AdapterAccount.builder()
                .id(string(p.remove("id")))
                .userId(string(p.remove("userId")))
                .type(string(p.remove(TYPE)))
                .provider(string(p.remove("provider")))
                .providerAccountId(string(p.remove("providerAccountId")))
                .accessToken(string(p.remove("access_token")))
                .refreshToken(string(p.remove("refresh_token")))
                .idToken(string(p.remove("id_token")))
                .tokenType(string(p.remove("token_type")))
                .scope(string(p.remove("scope")))
                .sessionState(string(p.remove("session_state")))
                .expiresAt(expiresAt instanceof Number ? ((Number) expiresAt).longValue() : null)
                .attributes(p)
                .build();
    }

    Map<String, AttributeValue> encodeSession(AdapterSession s) {
        String index = Keys.session(s.sessionToken());
        Map<String, AttributeValue> item = item(Keys.user(s.userId()), index, index, index);
        item.put(TYPE, AttributeValue.fromS(Keys.TYPE_SESSION));
        item.put("sessionToken", AttributeValue.fromS(s.sessionToken()));
        item.put("userId", AttributeValue.fromS(s.userId()));
        item.put(EXPIRES, encode(EXPIRES, s.expires(), true));
        putAttributes(item, s.attributes());
        return item;
    }

    AdapterSession decodeSession(Map<String, AttributeValue> item) {
        Map<String, Object> p = plain(item);
        String token = string(p.remove("sessionToken"));
        String userId = string(p.remove("userId"));
        Object expires = p.remove(EXPIRES);
        p.remove("id");
        if (token == null || userId == null || !(expires instanceof Instant)) {
            return null;
        }
        return new AdapterSession(token, userId, (Instant) expires, p);
    }

    Map<String, AttributeValue> encodeVerificationToken(VerificationToken t) {
        Map<String, AttributeValue> item = item(Keys.vt(t.identifier()), Keys.vt(t.token()), null, null);
        item.put(TYPE, AttributeValue.fromS(Keys.TYPE_VT));
        item.put("identifier", AttributeValue.fromS(t.identifier()));
        item.put("token", AttributeValue.fromS(t.token()));
        item.put(EXPIRES, encode(EXPIRES, t.expires(), true));
        return item;
    }

    VerificationToken decodeVerificationToken(Map<String, AttributeValue> item) {
        Map<String, Object> p = plain(item);
        Object expires = p.get(EXPIRES);
        String identifier = string(p.get("identifier"));
        String token = string(p.get("token"));
        if (identifier == null || token == null || !(expires instanceof Instant)) {
            return null;
        }
        return new VerificationToken(identifier, token, (Instant) expires);
    }

    Map<String, AttributeValue> encodeAuthenticator(AdapterAuthenticator a) {
        String index = Keys.authenticator(a.credentialID());
        Map<String, AttributeValue> item = item(Keys.user(a.userId()), index, index, index);
        item.put(TYPE, AttributeValue.fromS(Keys.TYPE_AUTHENTICATOR));
        item.put("credentialID", AttributeValue.fromS(a.credentialID()));
        item.put("userId", AttributeValue.fromS(a.userId()));
        item.put("providerAccountId", AttributeValue.fromS(a.providerAccountId()));
        item.put("credentialPublicKey", AttributeValue.fromS(a.credentialPublicKey()));
        item.put("counter", AttributeValue.fromN(Long.toString(a.counter())));
        item.put("credentialDeviceType", AttributeValue.fromS(a.credentialDeviceType()));
        item.put("credentialBackedUp", AttributeValue.fromBool(a.credentialBackedUp()));
        putIfPresent(item, "transports", a.transports());
        return item;
    }

    AdapterAuthenticator decodeAuthenticator(Map<String, AttributeValue> item) {
        Map<String, Object> p = plain(item);
        Object counter = p.get("counter");
        return new AdapterAuthenticator(string(p.get("credentialID")), string(p.get("userId")),
                string(p.get("providerAccountId")), string(p.get("credentialPublicKey")),
                counter instanceof Number ? ((Number) counter).longValue() : 0L,
                string(p.get("credentialDeviceType")), Boolean.TRUE.equals(p.get("credentialBackedUp")),
                string(p.get("transports")));
    }

    /** A field read back as text; a string that happened to look like a date comes back as written. */
    private static String string(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Instant) {
            return iso((Instant) o);
        }
        return o.toString();
    }

    static String stringAttribute(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
