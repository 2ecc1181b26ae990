package dev.dynauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.local.DynamoDbLocalServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The requests of {@link DynamoDbAsyncSessions}, counted by an SDK interceptor on DynamoDB Local over HTTP: one
 * {@code BatchGetItem} (strongly consistent) per read of a self-locating token, and of an Auth.js UUID token from its
 * second read on; the first read of a UUID token goes through the index; the sliding expiry is one {@code UpdateItem}.
 */
class AsyncSessionRequestsTest {

    private static DynamoDbLocalServer server;
    private static DynamoDbClient sync;
    private static DynamoDbAsyncClient async;
    private static final SessionRequestsTest.Counter COUNTER = new SessionRequestsTest.Counter();
    private static DynamoDbAdapter adapter;
    private static DynamoDbAsyncSessions reads;

    @BeforeAll
    static void start() {
        server = DynamoDbLocalServer.builder().inMemory().port(0).start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        sync = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        async = DynamoDbAsyncClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).overrideConfiguration(c -> c.addExecutionInterceptor(COUNTER)).build();
        DynamoDbTables.createIfMissing(sync, TableOptions.defaults());
        adapter = DynamoDbAdapter.builder().client(sync).build();
        reads = DynamoDbAsyncSessions.builder().client(async).build();
    }

    @AfterAll
    static void stop() {
        async.close();
        sync.close();
        server.close();
    }

    private static AdapterUser user() {
        return adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
    }

    private static Instant inDays(int days) {
        return Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void aSelfLocatingTokenIsOneConsistentBatchGetItem() {
        AdapterUser ada = user();
        String token = SessionTokens.issue(ada.id());
        adapter.createSession(new AdapterSession(token, ada.id(), inDays(30)));
        COUNTER.take();
        COUNTER.batchConsistent.clear();
        assertEquals(ada, reads.getSessionAndUser(token).join().orElseThrow().user());
        assertEquals(Map.of("BatchGetItem", 1), COUNTER.take());
        assertTrue(COUNTER.batchConsistent.stream().allMatch(b -> b), "strongly consistent");
    }

    @Test
    void anAuthJsTokenIsOneBatchGetItemFromItsSecondReadOn() {
        AdapterUser ada = user();
        String token = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(token, ada.id(), inDays(30)));
        COUNTER.take();
        assertEquals(ada, reads.getSessionAndUser(token).join().orElseThrow().user());
        assertEquals(Map.of("GetItem", 1, "Query", 1), COUNTER.take(), "first sight: the index, then the user");
        for (int i = 0; i < 3; i++) {
            assertEquals(ada, reads.getSessionAndUser(token).join().orElseThrow().user());
            assertEquals(Map.of("BatchGetItem", 1), COUNTER.take(), "the owner is remembered");
        }
        Instant later = inDays(40);
        assertEquals(later, reads.updateSession(SessionUpdate.expires(token, later)).join().orElseThrow().expires());
        assertEquals(Map.of("UpdateItem", 1), COUNTER.take());
        assertTrue(reads.getSessionAndUser(UUID.randomUUID().toString()).join().isEmpty(), "unknown token");
    }
}
