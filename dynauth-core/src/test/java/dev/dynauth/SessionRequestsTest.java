package dev.dynauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.local.DynamoDbLocalServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * How many DynamoDB requests each session operation sends, counted by an SDK interceptor on a real DynamoDB Local
 * over HTTP: self-locating tokens and remembered owners read by key, other tokens through the index.
 */
class SessionRequestsTest {

    /** Counts requests by operation name, and whether BatchGetItem asked for consistent reads. */
    static final class Counter implements ExecutionInterceptor {
        final Map<String, Integer> calls = new TreeMap<>();
        final List<Boolean> batchConsistent = new ArrayList<>();

        @Override
        public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1, Integer::sum);
            SdkRequest r = context.request();
            if (r instanceof BatchGetItemRequest b) {
                b.requestItems().values().forEach(k -> batchConsistent.add(Boolean.TRUE.equals(k.consistentRead())));
            }
        }

        synchronized Map<String, Integer> take() {
            Map<String, Integer> copy = new TreeMap<>(calls);
            calls.clear();
            return copy;
        }
    }

    private static DynamoDbLocalServer server;
    private static DynamoDbClient client;
    private static final Counter COUNTER = new Counter();
    private static DynamoDbAdapter adapter;
    /** A second instance, as another JVM (or Auth.js) would be: it shares the table, nothing else. */
    private static DynamoDbAdapter other;

    @BeforeAll
    static void start() {
        server = DynamoDbLocalServer.builder().inMemory().port(0).start();
        client = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(COUNTER))
                .build();
        DynamoDbTables.createIfMissing(client, TableOptions.defaults());
        adapter = DynamoDbAdapter.builder().client(client).build();
        other = DynamoDbAdapter.builder().client(client).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        COUNTER.take();
        COUNTER.batchConsistent.clear();
    }

    private static Instant inDays(int days) {
        return Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.MILLIS);
    }

    private static AdapterUser user() {
        return adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").name("Ada").build());
    }

    private static Map<String, Integer> one(String operation) {
        return Map.of(operation, 1);
    }

    @Test
    void selfLocatingTokenOneStronglyConsistentRequestPerOperation() {
        AdapterUser ada = user();
        String token = SessionTokens.issue(ada.id());
        adapter.createSession(new AdapterSession(token, ada.id(), inDays(30)));
        COUNTER.take();

        SessionAndUser found = other.getSessionAndUser(token).orElseThrow();
        assertEquals(ada, found.user());
        assertEquals(token, found.session().sessionToken());
        assertEquals(one("BatchGetItem"), COUNTER.take());
        assertEquals(List.of(true), COUNTER.batchConsistent);

        Instant later = inDays(40);
        assertEquals(later, other.updateSession(SessionUpdate.expires(token, later)).orElseThrow().expires());
        assertEquals(one("UpdateItem"), COUNTER.take());

        assertEquals(later, other.findSession(token).orElseThrow().expires());
        assertEquals(one("GetItem"), COUNTER.take());

        assertEquals(token, other.deleteSession(token).orElseThrow().sessionToken());
        assertEquals(one("DeleteItem"), COUNTER.take());

        assertEquals(Optional.empty(), other.getSessionAndUser(token));
        assertEquals(one("BatchGetItem"), COUNTER.take());
        assertEquals(Optional.empty(), other.updateSession(SessionUpdate.expires(token, later)));
        assertEquals(one("UpdateItem"), COUNTER.take());
        assertEquals(Optional.empty(), other.deleteSession(token));
        assertEquals(one("DeleteItem"), COUNTER.take());
        assertEquals(0, other.sessionOwnerCacheStats().hits() + other.sessionOwnerCacheStats().misses(),
                "self-locating tokens never use the owner map");
    }

    @Test
    void aForgedOwnerPartFindsNothingAndChangesNothing() {
        AdapterUser ada = user();
        AdapterUser eve = user();
        String token = SessionTokens.issue(ada.id());
        adapter.createSession(new AdapterSession(token, ada.id(), inDays(30)));
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(eve.id().getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        assertEquals(Optional.of(eve.id()), SessionTokens.owner(forged));
        COUNTER.take();
        assertEquals(Optional.empty(), other.getSessionAndUser(forged));
        assertEquals(Optional.empty(), other.updateSession(SessionUpdate.expires(forged, inDays(60))));
        assertEquals(Optional.empty(), other.deleteSession(forged));
        assertEquals(Map.of("BatchGetItem", 1, "DeleteItem", 1, "UpdateItem", 1), COUNTER.take());
        assertEquals(List.of(), adapter.listAllSessions(eve.id()), "no session was created under the forged owner");
        assertEquals(ada, other.getSessionAndUser(token).orElseThrow().user());
    }

    @Test
    void aSelfLocatingTokenMustBeStoredUnderItsOwner() {
        AdapterUser ada = user();
        AdapterUser eve = user();
        assertThrows(IllegalArgumentException.class,
                () -> adapter.createSession(new AdapterSession(SessionTokens.issue(eve.id()), ada.id(), inDays(1))));
    }

    @Test
    void anExpiredSelfLocatingSessionIsNotFoundNorExtended() {
        AdapterUser ada = user();
        String token = SessionTokens.issue(ada.id());
        // a minute ahead of the wall clock is past for an adapter whose clock is an hour ahead
        adapter.createSession(new AdapterSession(token, ada.id(), Instant.now().plus(Duration.ofMinutes(1))));
        DynamoDbAdapter later = DynamoDbAdapter.builder().client(client)
                .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(1))).build();
        COUNTER.take();
        assertEquals(Optional.empty(), later.getSessionAndUser(token));
        assertEquals(Optional.empty(), later.updateSession(SessionUpdate.expires(token, inDays(30))));
        assertEquals(Map.of("BatchGetItem", 1, "UpdateItem", 1), COUNTER.take());
        assertTrue(other.findSession(token).orElseThrow().expires().isBefore(inDays(1)), "not extended");
    }

    @Test
    void authJsTokenIndexOnFirstSightThenOneBatchGet() {
        AdapterUser ada = user();
        String token = UUID.randomUUID().toString();
        // created elsewhere (Auth.js, another JVM): this adapter has not seen the token
        other.createSession(new AdapterSession(token, ada.id(), inDays(30)));
        DynamoDbAdapter fresh = DynamoDbAdapter.builder().client(client).build();
        COUNTER.take();

        assertEquals(ada, fresh.getSessionAndUser(token).orElseThrow().user());
        assertEquals(Map.of("GetItem", 1, "Query", 1), COUNTER.take());
        assertEquals(ada, fresh.getSessionAndUser(token).orElseThrow().user());
        assertEquals(one("BatchGetItem"), COUNTER.take());
        assertEquals(List.of(true), COUNTER.batchConsistent);
        SessionOwnerCacheStats stats = fresh.sessionOwnerCacheStats();
        assertEquals(1, stats.hits());
        assertEquals(1, stats.misses());
        assertEquals(1, stats.size());

        Instant later = inDays(40);
        assertEquals(later, fresh.updateSession(SessionUpdate.expires(token, later)).orElseThrow().expires());
        assertEquals(one("UpdateItem"), COUNTER.take());
        assertEquals(token, fresh.deleteSession(token).orElseThrow().sessionToken());
        assertEquals(one("DeleteItem"), COUNTER.take());
        assertEquals(0, fresh.sessionOwnerCacheStats().size(), "a deleted session's owner is forgotten");
    }

    @Test
    void aTokenCreatedHereIsReadByKeyFromTheFirstRequest() {
        AdapterUser ada = user();
        String token = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(token, ada.id(), inDays(30)));
        COUNTER.take();
        assertEquals(ada, adapter.getSessionAndUser(token).orElseThrow().user());
        assertEquals(one("BatchGetItem"), COUNTER.take());
    }

    @Test
    void aSessionDeletedElsewhereIsGoneAndItsOwnerForgotten() {
        AdapterUser ada = user();
        String token = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(token, ada.id(), inDays(30)));
        long size = adapter.sessionOwnerCacheStats().size();
        other.deleteSession(token);
        COUNTER.take();
        assertEquals(Optional.empty(), adapter.getSessionAndUser(token));
        // nothing under the remembered owner: the index is asked (it might be a token reused for someone else)
        assertEquals(Map.of("BatchGetItem", 1, "Query", 1), COUNTER.take());
        assertEquals(size - 1, adapter.sessionOwnerCacheStats().size());
    }

    @Test
    void theOwnerMapIsBoundedAndCanBeOff() {
        AdapterUser ada = user();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String token = UUID.randomUUID().toString();
            other.createSession(new AdapterSession(token, ada.id(), inDays(30)));
            tokens.add(token);
        }
        DynamoDbAdapter small = DynamoDbAdapter.builder().client(client).sessionOwnerCacheSize(3).build();
        tokens.forEach(small::getSessionAndUser);
        SessionOwnerCacheStats stats = small.sessionOwnerCacheStats();
        assertEquals(3, stats.capacity());
        assertEquals(3, stats.size());
        assertEquals(2, stats.evictions());

        DynamoDbAdapter off = DynamoDbAdapter.builder().client(client).sessionOwnerCacheSize(0).build();
        COUNTER.take();
        off.getSessionAndUser(tokens.get(0));
        off.getSessionAndUser(tokens.get(0));
        assertEquals(Map.of("GetItem", 2, "Query", 2), COUNTER.take());
        assertEquals(0, off.sessionOwnerCacheStats().size());
        assertThrows(IllegalArgumentException.class, () -> DynamoDbAdapter.builder().sessionOwnerCacheSize(-1));
    }

    /** Fault injection: a client that leaves the first {@code throttled} BatchGetItems' keys unprocessed. */
    private static DynamoDbClient throttlingBatchGets(int throttled, AtomicInteger batchGets) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("batchGetItem")) {
                        BatchGetItemRequest request = args[0] instanceof BatchGetItemRequest r ? r
                                : BatchGetItemRequest.builder().applyMutation(cast(args[0])).build();
                        if (batchGets.incrementAndGet() <= throttled) {
                            return BatchGetItemResponse.builder().responses(Map.of())
                                    .unprocessedKeys(request.requestItems()).build();
                        }
                        return client.batchGetItem(request);
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private static Consumer<BatchGetItemRequest.Builder> cast(Object o) {
        return (Consumer<BatchGetItemRequest.Builder>) o;
    }

    @Test
    void unprocessedKeysAreSentAgainUntilTheAttemptsRunOut() {
        AdapterUser ada = user();
        String token = SessionTokens.issue(ada.id());
        adapter.createSession(new AdapterSession(token, ada.id(), inDays(30)));

        AtomicInteger batchGets = new AtomicInteger();
        DynamoDbAdapter throttled = DynamoDbAdapter.builder().client(throttlingBatchGets(2, batchGets)).batchAttempts(3).build();
        assertEquals(ada, throttled.getSessionAndUser(token).orElseThrow().user());
        assertEquals(3, batchGets.get());

        AtomicInteger always = new AtomicInteger();
        DynamoDbAdapter hopeless = DynamoDbAdapter.builder().client(throttlingBatchGets(Integer.MAX_VALUE, always)).batchAttempts(2).build();
        AdapterException e = assertThrows(AdapterException.class, () -> hopeless.getSessionAndUser(token));
        assertEquals(2, always.get());
        assertTrue(!e.getMessage().contains(token), "no token in messages");
    }

    @Test
    void unusedKeysAndAttributesAreNotSent() {
        // guards the request shape: a BatchGetItem names exactly the session and the user key
        AdapterUser ada = user();
        String token = SessionTokens.issue(ada.id());
        adapter.createSession(new AdapterSession(token, ada.id(), inDays(30)));
        List<KeysAndAttributes> sent = new ArrayList<>();
        DynamoDbClient spy = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("batchGetItem") && !(args[0] instanceof BatchGetItemRequest)) {
                        BatchGetItemRequest r = BatchGetItemRequest.builder().applyMutation(cast(args[0])).build();
                        sent.addAll(r.requestItems().values());
                        return client.batchGetItem(r);
                    }
                    return method.invoke(client, args);
                });
        DynamoDbAdapter.builder().client(spy).build().getSessionAndUser(token).orElseThrow();
        assertEquals(1, sent.size());
        assertEquals(List.of(
                Map.of("pk", AttributeValue.fromS("USER#" + ada.id()), "sk", AttributeValue.fromS("SESSION#" + token)),
                Map.of("pk", AttributeValue.fromS("USER#" + ada.id()), "sk", AttributeValue.fromS("USER#" + ada.id()))),
                sent.get(0).keys());
    }
}
