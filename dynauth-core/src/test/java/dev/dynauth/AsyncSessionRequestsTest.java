package dev.dynauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.local.DynamoDbLocalServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
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
 * second read on; the first read of a UUID token goes through the index; the sliding expiry is one {@code UpdateItem}. The
 * session lifecycle: a sign-in's session is one conditional {@code PutItem} and one {@code GetItem} of its user, a
 * sign-out one {@code DeleteItem}, with the blocking adapter's answers and refusals.
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

    private static Throwable failure(Runnable join) {
        return assertThrows(CompletionException.class, join::run).getCause();
    }

    @Test
    void aSessionIsCreatedByOneConditionalPutAndOneUserReadAndDeletedByOneDelete() {
        AdapterUser ada = user();
        AdapterSession session = new AdapterSession(SessionTokens.issue(ada.id()), ada.id(), inDays(30));
        COUNTER.take();
        assertEquals(session, reads.createSession(session).join(), "what the adapter's createSession returns");
        assertEquals(Map.of("GetItem", 1, "PutItem", 1), COUNTER.take());
        assertEquals(session, adapter.getSessionAndUser(session.sessionToken()).orElseThrow().session(), "the adapter's item");
        assertEquals(session, reads.createSession(session).join(), "a retried put that finds its own item succeeds");
        AdapterSession other = new AdapterSession(session.sessionToken(), ada.id(), inDays(10));
        assertInstanceOf(ConflictException.class, failure(() -> reads.createSession(other).join()), "never replaced");
        assertEquals(session.expires(), adapter.getSessionAndUser(session.sessionToken()).orElseThrow().session().expires());
        COUNTER.take();

        assertEquals(Optional.of(session), reads.deleteSession(session.sessionToken()).join());
        assertEquals(Map.of("DeleteItem", 1), COUNTER.take());
        assertTrue(adapter.getSessionAndUser(session.sessionToken()).isEmpty());
        assertEquals(Optional.empty(), reads.deleteSession(session.sessionToken()).join(), "gone: as the adapter, empty");
    }

    @Test
    void anAuthJsTokenOfAnotherInstanceIsDeletedThroughTheIndexAndAnExpiredOneReturnsNothing() {
        AdapterUser ada = user();
        String token = UUID.randomUUID().toString();
        AdapterSession session = new AdapterSession(token, ada.id(), inDays(30));
        adapter.createSession(session);
        DynamoDbAsyncSessions fresh = DynamoDbAsyncSessions.builder().client(async).build();
        COUNTER.take();
        assertEquals(Optional.of(session), fresh.deleteSession(token).join());
        assertEquals(Map.of("DeleteItem", 1, "Query", 1), COUNTER.take(), "no owner known: the index, then by key");
        assertTrue(adapter.getSessionAndUser(token).isEmpty());

        String expired = SessionTokens.issue(ada.id());
        adapter.createSession(new AdapterSession(expired, ada.id(), inDays(-1)));
        assertEquals(Optional.empty(), reads.deleteSession(expired).join(), "the adapter returns only a live session");
        assertTrue(adapter.listAllSessions(ada.id()).stream().noneMatch(s -> s.sessionToken().equals(expired)), "deleted");
    }

    @Test
    void aSessionOfAGoneUserIsUndoneAndBadInputIsRefusedAsByTheAdapter() {
        AdapterUser gone = user();
        adapter.deleteUser(gone.id());
        AdapterSession orphan = new AdapterSession(SessionTokens.issue(gone.id()), gone.id(), inDays(30));
        assertInstanceOf(NotFoundException.class, failure(() -> reads.createSession(orphan).join()));
        assertTrue(adapter.listAllSessions(gone.id()).isEmpty(), "no orphan session item");
        assertThrows(NotFoundException.class, () -> adapter.createSession(orphan), "the adapter refuses it alike");

        AdapterUser ada = user();
        AdapterSession foreign = new AdapterSession(SessionTokens.issue(gone.id()), ada.id(), inDays(30));
        assertInstanceOf(IllegalArgumentException.class, failure(() -> reads.createSession(foreign).join()),
                "a self-locating token naming another user");
        assertThrows(IllegalArgumentException.class, () -> adapter.createSession(foreign));
        assertEquals(Optional.empty(), reads.deleteSession("").join());
    }
}
