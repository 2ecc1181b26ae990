package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.TableOptions;
import dev.dynauth.VerificationToken;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What every interoperability test shares: DynamoDB Local on loopback and one Node driver (each one for the
 * module), a fresh table per test, and field-by-field comparison of what each side returns.
 */
@ExtendWith({SharedDynamoDbLocal.class, SharedNodeDriver.class})
abstract class InteropBase {

    private static final AtomicInteger TABLES = new AtomicInteger();
    /** Auth.js's AUTH_SECRET for this run; random, never printed. */
    static final String SECRET = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    /** The module's one Node driver ({@link SharedNodeDriver}). */
    static NodeDriver node;

    @BeforeAll
    static void useSharedNode() {
        node = SharedNodeDriver.driver();
    }

    /** A new table in DynamoDB Local, dynauth on it, and the Node driver pointed at it. */
    record Table(Schema schema, TableOptions options, DynamoDbAdapter dynauth) {
        /** Points the npm adapter (and @auth/core) at this table. */
        Table npm() {
            return npm("database");
        }

        /** The same with Auth.js's session strategy ({@code "database"} or {@code "jwt"}) and the run's secret. */
        Table npm(String strategy) {
            return npm(Map.of("secret", SECRET, "strategy", strategy));
        }

        /** The same with any of the driver's configure settings ({@link NodeDriver#configure(String, Map, Map)}). */
        Table npm(Map<String, Object> settings) {
            node.configure(SharedDynamoDbLocal.server().endpoint().toString(), schema.npmOptions(options), settings);
            return this;
        }

        Set<String> leakedKeys() {
            return schema.npmLeakedKeys(options);
        }
    }

    static Table table(Schema schema) {
        TableOptions options = schema.options(TABLES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8));
        DynamoDbTables.createIfMissing(dynamo(), options);
        DynamoDbAdapter adapter = DynamoDbAdapter.builder().client(dynamo()).options(options).build();
        return new Table(schema, options, adapter).npm();
    }

    static DynamoDbClient dynamo() {
        return SharedDynamoDbLocal.client();
    }

    // ---- the entities as Auth.js objects (what the npm adapter returns) -------------------------

    static Map<String, Object> user(AdapterUser u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        if (u.email() != null) {
            m.put("email", u.email());
        }
        m.put("emailVerified", u.emailVerified());
        if (u.name() != null) {
            m.put("name", u.name());
        }
        if (u.image() != null) {
            m.put("image", u.image());
        }
        m.putAll(u.attributes());
        return m;
    }

    static Map<String, Object> account(AdapterAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfSet(m, "id", a.id());
        m.put("userId", a.userId());
        m.put("type", a.type());
        m.put("provider", a.provider());
        m.put("providerAccountId", a.providerAccountId());
        putIfSet(m, "access_token", a.accessToken());
        putIfSet(m, "refresh_token", a.refreshToken());
        putIfSet(m, "id_token", a.idToken());
        putIfSet(m, "token_type", a.tokenType());
        putIfSet(m, "scope", a.scope());
        putIfSet(m, "session_state", a.sessionState());
        putIfSet(m, "expires_at", a.expiresAt());
        m.putAll(a.attributes());
        return m;
    }

    static Map<String, Object> session(AdapterSession s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionToken", s.sessionToken());
        m.put("userId", s.userId());
        m.put("expires", s.expires());
        m.putAll(s.attributes());
        return m;
    }

    static Map<String, Object> token(VerificationToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("identifier", t.identifier());
        m.put("token", t.token());
        m.put("expires", t.expires());
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    // ---- comparison -----------------------------------------------------------------------------

    /**
     * Asserts both objects have the same fields with equal values: strings exactly, dates to the
     * millisecond, numbers by value. {@code ignoredOnActual} are fields the npm adapter leaks (custom key names).
     */
    static void assertSameFields(String what, Map<String, Object> expected, Map<String, ?> actual, Set<String> ignoredOnActual) {
        if (actual == null) {
            fail(what + ": expected " + new TreeSet<>(expected.keySet()) + " but got nothing (null)");
        }
        Set<String> actualKeys = new TreeSet<>(actual.keySet());
        actualKeys.removeAll(ignoredOnActual);
        assertEquals(new TreeSet<>(expected.keySet()), actualKeys, what + ": field names");
        for (String k : expected.keySet()) {
            assertSameValue(what + "." + k, expected.get(k), actual.get(k));
        }
    }

    static void assertSameFields(String what, Map<String, Object> expected, Map<String, ?> actual) {
        assertSameFields(what, expected, actual, Set.of());
    }

    static void assertSameValue(String what, Object expected, Object actual) {
        if (expected instanceof Number && actual instanceof Number) {
            assertEquals(0, new BigDecimal(expected.toString()).compareTo(new BigDecimal(actual.toString())),
                    what + ": expected " + expected + " but was " + actual);
            return;
        }
        if (expected instanceof Instant || actual instanceof Instant) {
            assertTrue(expected instanceof Instant && actual instanceof Instant,
                    what + ": expected a date on both sides but got " + describe(expected) + " and " + describe(actual));
            assertEquals(((Instant) expected).toEpochMilli(), ((Instant) actual).toEpochMilli(),
                    what + ": expected " + expected + " but was " + actual);
            return;
        }
        assertEquals(expected, actual, what);
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName() + " " + o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    // ---- raw items ------------------------------------------------------------------------------

    static Map<String, AttributeValue> rawGet(Table t, String partition, String sort) {
        Map<String, AttributeValue> key = Map.of(t.options().partitionKey(), AttributeValue.fromS(partition),
                t.options().sortKey(), AttributeValue.fromS(sort));
        return dynamo().getItem(b -> b.tableName(t.options().tableName()).key(key).consistentRead(true)).item();
    }

    static List<Map<String, AttributeValue>> rawScan(Table t) {
        return dynamo().scanPaginator(b -> b.tableName(t.options().tableName()).consistentRead(true)).items().stream().toList();
    }

    static List<Map<String, AttributeValue>> rawPartition(Table t, String partition) {
        return dynamo().queryPaginator(b -> b.tableName(t.options().tableName()).consistentRead(true)
                        .keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", t.options().partitionKey()))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition))))
                .items().stream().toList();
    }
}
