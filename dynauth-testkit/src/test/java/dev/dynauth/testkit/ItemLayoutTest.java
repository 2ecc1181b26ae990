package dev.dynauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterAuthenticator;
import dev.dynauth.AdapterException;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.SessionUpdate;
import dev.dynauth.TableOptions;
import dev.dynauth.UserUpdate;
import dev.dynauth.VerificationToken;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The exact items on the table, as the npm adapter writes them (reference §2), and what only DynamoDB can show. */
class ItemLayoutTest {
    /**
     * The adapter's clock runs a day ahead of the wall clock: DynamoDB Local's own TTL deletes indexed
     * items (sessions) whose {@code expires} has passed by the wall clock, within seconds, which would
     * otherwise race these tests.
     */
    private static final Instant NOW = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static LocalTable table;
    private static DynamoDbClient client;
    private static DynamoDbAdapter adapter;

    @BeforeAll
    static void start() {
        table = LocalTable.start(TableOptions.defaults());
        client = table.client();
        adapter = DynamoDbAdapter.builder().client(client).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @AfterAll
    static void stop() {
        table.close();
    }

    private static Map<String, AttributeValue> raw(String pk, String sk) {
        return client.getItem(b -> b.tableName("next-auth").key(Map.of("pk", s(pk), "sk", s(sk)))).item();
    }

    private static void putRaw(Map<String, AttributeValue> item) {
        client.putItem(b -> b.tableName("next-auth").item(item));
    }

    private static void deleteRaw(String pk, String sk) {
        client.deleteItem(b -> b.tableName("next-auth").key(Map.of("pk", s(pk), "sk", s(sk))));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void userItem() {
        String id = id();
        String email = id + "@example.com";
        adapter.createUser(AdapterUser.builder().id(id).email(email).name("Ada").image("https://i/a.png")
                .emailVerified(Instant.parse("2025-01-02T03:04:05.678Z")).attribute("role", "admin").build());
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("USER#" + id));
        expected.put("sk", s("USER#" + id));
        expected.put("GSI1PK", s("USER#" + email));
        expected.put("GSI1SK", s("USER#" + email));
        expected.put("type", s("USER"));
        expected.put("id", s(id));
        expected.put("email", s(email));
        expected.put("emailVerified", s("2025-01-02T03:04:05.678Z"));
        expected.put("name", s("Ada"));
        expected.put("image", s("https://i/a.png"));
        expected.put("role", s("admin"));
        assertEquals(expected, raw("USER#" + id, "USER#" + id));
    }

    @Test
    void userWithoutEmailHasNoIndexKeys() {
        String id = adapter.createUser(AdapterUser.builder().name("Nomail").build()).id();
        Map<String, AttributeValue> item = raw("USER#" + id, "USER#" + id);
        assertFalse(item.containsKey("GSI1PK"));
        assertFalse(item.containsKey("GSI1SK"));
        assertEquals(AttributeValue.fromNul(true), item.get("emailVerified"));
    }

    @Test
    void updatedEmailMovesTheIndexKeys() {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        String moved = id() + "@example.com";
        adapter.updateUser(UserUpdate.of(user.id()).email(moved).build());
        Map<String, AttributeValue> item = raw("USER#" + user.id(), "USER#" + user.id());
        assertEquals(s("USER#" + moved), item.get("GSI1PK"));
        assertEquals(s("USER#" + moved), item.get("GSI1SK"));
    }

    @Test
    void accountItem() {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        AdapterAccount account = adapter.linkAccount(AdapterAccount.builder().userId(user.id()).type("oauth")
                .provider("github").providerAccountId("12345").accessToken("at").refreshToken("rt").idToken("it")
                .tokenType("bearer").scope("user").sessionState("ss").expiresAt(1798085986L).build());
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("USER#" + user.id()));
        expected.put("sk", s("ACCOUNT#github#12345"));
        expected.put("GSI1PK", s("ACCOUNT#github"));
        expected.put("GSI1SK", s("ACCOUNT#12345"));
        expected.put("id", s(account.id()));
        expected.put("userId", s(user.id()));
        expected.put("type", s("oauth"));
        expected.put("provider", s("github"));
        expected.put("providerAccountId", s("12345"));
        expected.put("access_token", s("at"));
        expected.put("refresh_token", s("rt"));
        expected.put("id_token", s("it"));
        expected.put("token_type", s("bearer"));
        expected.put("scope", s("user"));
        expected.put("session_state", s("ss"));
        expected.put("expires_at", n("1798085986"));
        assertEquals(expected, raw("USER#" + user.id(), "ACCOUNT#github#12345"));
    }

    @Test
    void sessionItemHasFractionalEpochSeconds() {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        String token = id();
        adapter.createSession(new AdapterSession(token, user.id(), Instant.ofEpochMilli(4102444800691L)));
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("USER#" + user.id()));
        expected.put("sk", s("SESSION#" + token));
        expected.put("GSI1PK", s("SESSION#" + token));
        expected.put("GSI1SK", s("SESSION#" + token));
        expected.put("type", s("SESSION"));
        expected.put("sessionToken", s(token));
        expected.put("userId", s(user.id()));
        expected.put("expires", n("4102444800.691"));
        assertEquals(expected, raw("USER#" + user.id(), "SESSION#" + token));
        adapter.updateSession(SessionUpdate.expires(token, Instant.ofEpochMilli(4102444801000L)));
        assertEquals(n("4102444801"), raw("USER#" + user.id(), "SESSION#" + token).get("expires"));
        adapter.updateSession(SessionUpdate.expires(token, Instant.ofEpochMilli(4102444801500L)));
        assertEquals(n("4102444801.5"), raw("USER#" + user.id(), "SESSION#" + token).get("expires"));
    }

    @Test
    void verificationTokenItem() {
        String identifier = id() + "@example.com";
        adapter.createVerificationToken(new VerificationToken(identifier, "hashed", Instant.ofEpochMilli(4102444800010L)));
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("VT#" + identifier));
        expected.put("sk", s("VT#hashed"));
        expected.put("type", s("VT"));
        expected.put("identifier", s(identifier));
        expected.put("token", s("hashed"));
        expected.put("expires", n("4102444800.01"));
        assertEquals(expected, raw("VT#" + identifier, "VT#hashed"));
    }

    @Test
    void authenticatorItem() {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        String cred = "ab+/cd==" + id();
        adapter.createAuthenticator(new AdapterAuthenticator(cred, user.id(), cred, "pubkey+/=", 7, "multiDevice", true, "internal,hybrid"));
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("USER#" + user.id()));
        expected.put("sk", s("AUTHENTICATOR#" + cred));
        expected.put("GSI1PK", s("AUTHENTICATOR#" + cred));
        expected.put("GSI1SK", s("AUTHENTICATOR#" + cred));
        expected.put("type", s("AUTHENTICATOR"));
        expected.put("credentialID", s(cred));
        expected.put("userId", s(user.id()));
        expected.put("providerAccountId", s(cred));
        expected.put("credentialPublicKey", s("pubkey+/="));
        expected.put("counter", n("7"));
        expected.put("credentialDeviceType", s("multiDevice"));
        expected.put("credentialBackedUp", AttributeValue.fromBool(true));
        expected.put("transports", s("internal,hybrid"));
        assertEquals(expected, raw("USER#" + user.id(), "AUTHENTICATOR#" + cred));
    }

    @Test
    void readsEveryFormOfExpiresTheNpmAdapterEverWrote() {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        Map<String, Instant> forms = Map.of(
                "4102444800.691", Instant.ofEpochMilli(4102444800691L),
                "4102444800", Instant.ofEpochMilli(4102444800000L),
                "2099-12-24T10:00:00.123Z", Instant.parse("2099-12-24T10:00:00.123Z"));
        forms.forEach((stored, expected) -> {
            String token = id();
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", s("USER#" + user.id()));
            item.put("sk", s("SESSION#" + token));
            item.put("GSI1PK", s("SESSION#" + token));
            item.put("GSI1SK", s("SESSION#" + token));
            item.put("type", s("SESSION"));
            item.put("sessionToken", s(token));
            item.put("userId", s(user.id()));
            item.put("expires", stored.contains("T") ? s(stored) : n(stored));
            putRaw(item);
            assertEquals(expected, adapter.getSessionAndUser(token).orElseThrow().session().expires(), stored);
            // the legacy ISO form can still be extended
            Instant later = NOW.plus(Duration.ofDays(40));
            assertEquals(later, adapter.updateSession(SessionUpdate.expires(token, later)).orElseThrow().expires(), stored);
        });
    }

    @Test
    void expiryFollowsTheInjectedClock() {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        String token = id();
        adapter.createSession(new AdapterSession(token, user.id(), NOW.plusMillis(1)));
        assertTrue(adapter.getSessionAndUser(token).isPresent());
        DynamoDbAdapter later = DynamoDbAdapter.builder().client(client).clock(Clock.fixed(NOW.plusMillis(2), ZoneOffset.UTC)).build();
        assertEquals(Optional.empty(), later.getSessionAndUser(token));
        assertEquals(Optional.empty(), later.updateSession(SessionUpdate.expires(token, NOW.plus(Duration.ofDays(1)))));
    }

    @Test
    void anEmailClaimLeftBehindByTheNpmAdapterIsTakenOver() {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        // the npm adapter's deleteUser deletes the user's partition and knows nothing of claims
        deleteRaw("USER#" + user.id(), "USER#" + user.id());
        AdapterUser again = adapter.createUser(AdapterUser.builder().email(user.email()).build());
        assertEquals(Optional.of(again), adapter.getUserByEmail(user.email()));
        assertEquals(s(again.id()), raw("UNIQUE#EMAIL#" + user.email(), "UNIQUE#EMAIL#" + user.email()).get("userId"));
    }

    @Test
    void anEmailChangedByTheNpmAdapterFreesTheOldClaim() {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        Map<String, AttributeValue> item = new HashMap<>(raw("USER#" + user.id(), "USER#" + user.id()));
        // the npm adapter's updateUser sets email but leaves the index keys
        item.put("email", s(id() + "@example.com"));
        putRaw(item);
        assertTrue(adapter.createUser(AdapterUser.builder().email(user.email()).build()).id() != null);
    }

    @Test
    void anAccountClaimLeftBehindByTheNpmAdapterIsTakenOver() {
        AdapterUser first = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        AdapterUser second = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        String paid = id();
        adapter.linkAccount(AdapterAccount.builder().userId(first.id()).type("oauth").provider("google").providerAccountId(paid).build());
        deleteRaw("USER#" + first.id(), "ACCOUNT#google#" + paid);
        adapter.linkAccount(AdapterAccount.builder().userId(second.id()).type("oauth").provider("google").providerAccountId(paid).build());
        assertEquals(Optional.of(second), adapter.getUserByAccount("google", paid));
    }

    @Test
    void aUserWrittenByTheNpmAdapterStillBlocksItsEmail() {
        String id = id();
        String email = id + "@example.com";
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("USER#" + id));
        item.put("sk", s("USER#" + id));
        item.put("GSI1PK", s("USER#" + email));
        item.put("GSI1SK", s("USER#" + email));
        item.put("type", s("USER"));
        item.put("id", s(id));
        item.put("email", s(email));
        item.put("emailVerified", AttributeValue.fromNul(true));
        putRaw(item);
        assertThrows(dev.dynauth.EmailAlreadyInUseException.class,
                () -> adapter.createUser(AdapterUser.builder().email(email).build()));
    }

    @Test
    void deleteUserRetriesUnprocessedItems() {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        for (int i = 0; i < 30; i++) {
            adapter.createSession(new AdapterSession(id(), user.id(), NOW.plus(Duration.ofDays(1))));
        }
        AtomicInteger throttled = new AtomicInteger();
        DynamoDbClient flaky = throttling(client, 3, throttled);
        DynamoDbAdapter onFlaky = DynamoDbAdapter.builder().client(flaky).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        assertEquals(Optional.of(user), onFlaky.deleteUser(user.id()));
        assertEquals(3, throttled.get());
        assertEquals(0, client.query(b -> b.tableName("next-auth").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("USER#" + user.id())))).count());
    }

    @Test
    void deleteUserGivesUpWithATypedErrorWhenThrottlingNeverEnds() {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(id() + "@example.com").build());
        adapter.createSession(new AdapterSession(id(), user.id(), NOW.plus(Duration.ofDays(1))));
        DynamoDbClient flaky = throttling(client, Integer.MAX_VALUE, new AtomicInteger());
        DynamoDbAdapter onFlaky = DynamoDbAdapter.builder().client(flaky).batchAttempts(3).build();
        assertThrows(AdapterException.class, () -> onFlaky.deleteUser(user.id()));
        // nothing lost: the user is still there to retry on
        assertTrue(adapter.getUser(user.id()).isPresent());
    }

    /** Returns the first item of each batch as unprocessed, {@code times} times, as a throttled table would. */
    private static DynamoDbClient throttling(DynamoDbClient real, int times, AtomicInteger count) {
        InvocationHandler h = (proxy, method, args) -> {
            if (args != null && args.length == 1 && args[0] instanceof java.util.function.Consumer) {
                // the Consumer<Builder> variants build the request and call the proxy again
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (method.getName().equals("batchWriteItem") && args != null && args[0] instanceof BatchWriteItemRequest
                    && count.get() < times) {
                count.incrementAndGet();
                BatchWriteItemRequest req = (BatchWriteItemRequest) args[0];
                List<WriteRequest> all = req.requestItems().get("next-auth");
                List<WriteRequest> sent = all.subList(1, all.size());
                if (!sent.isEmpty()) {
                    real.batchWriteItem(req.toBuilder().requestItems(Map.of("next-auth", sent)).build());
                }
                return BatchWriteItemResponse.builder().unprocessedItems(Map.of("next-auth", List.of(all.get(0)))).build();
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, h);
    }
}
