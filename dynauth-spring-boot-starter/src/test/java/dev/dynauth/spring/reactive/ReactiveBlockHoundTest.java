package dev.dynauth.spring.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.local.DynamoDbLocalServer;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.blockhound.BlockHound;

/**
 * The reactive session cases as production runs them, under BlockHound: DynamoDB Local over HTTP on loopback, the
 * {@code DynamoDbAsyncClient} on the AWS CRT HTTP client, {@code database,jwt} sessions. Any blocking call on a
 * non-blocking thread (the Netty event loops of the server, Reactor's parallel threads, the SDK's future-completion
 * threads where the session code continues) is recorded and fails the case; {@link #aBlockingCallOnTheEventLoopIsCaught}
 * shows the detector at work on a deliberate block. Needs {@code -XX:+AllowRedefinitionToAddDeleteMethods} (the
 * module's surefire configuration).
 */
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=reactive", "dynauth.table-name=reactive-blockhound",
                "dynauth.public-paths=/test/**",
                "dynauth.dynamodb.mode=aws", "dynauth.dynamodb.region=us-east-1", "dynauth.create-table-if-missing=true",
                "NEXT_AUTH_AWS_ACCESS_KEY=local", "NEXT_AUTH_AWS_SECRET_KEY=local", "dynauth.secret=blockhound-secret",
                "dynauth.session.strategy=database,jwt",
                // a loaded machine: the table's creation at start-up takes longer than the default bounds
                "dynauth.dynamodb.api-call-timeout=60s", "dynauth.dynamodb.api-call-attempt-timeout=30s"})
@AutoConfigureWebTestClient
class ReactiveBlockHoundTest extends ReactiveSessionCases {

    /** Blocking calls seen on non-blocking threads (the callback runs in the offending thread). */
    static final List<String> BLOCKED = new CopyOnWriteArrayList<>();
    static final DynamoDbLocalServer DYNAMODB = DynamoDbLocalServer.builder().inMemory().start();

    static {
        BlockHound.install(b -> b
                .addDynamicThreadPredicate(ReactiveBlockHoundTest::nonBlocking)
                .nonBlockingThreadPredicate(p -> p.or(ReactiveBlockHoundTest::nonBlocking))
                // an idle pool thread waits for its next task: that is no blocking call of the code under test
                .allowBlockingCallsInside(java.util.concurrent.ThreadPoolExecutor.class.getName(), "getTask")
                // a new JWT's IV and jti come from SecureRandom, which reads /dev/urandom: a file read that never waits
                // (unlike /dev/random), so no blocking call in fact
                .allowBlockingCallsInside(java.security.SecureRandom.class.getName(), "nextBytes")
                .blockingMethodCallback(m -> {
                    BLOCKED.add(m + " on " + Thread.currentThread().getName());
                    throw new reactor.blockhound.BlockingOperationError(m);
                }));
    }

    /**
     * Netty's event loops (server and WebTestClient: {@code webflux-http-epoll-N}, {@code reactor-http-nio-N}), and the SDK's future-completion threads, where the session code
     * continues after each DynamoDB answer (a block there would stall every DynamoDB call of the application).
     */
    static boolean nonBlocking(Thread t) {
        return t.getName().contains("-http-") || t.getName().startsWith("sdk-async-response");
    }

    @DynamicPropertySource
    static void dynamodb(DynamicPropertyRegistry registry) {
        registry.add("dynauth.dynamodb.endpoint", () -> DYNAMODB.endpoint().toString());
    }

    @AfterAll
    static void stop() {
        DYNAMODB.close();
    }

    @BeforeEach
    @AfterEach
    void nothingBlocked() {
        assertTrue(BLOCKED.isEmpty(), () -> "blocking calls on non-blocking threads: " + BLOCKED);
    }

    @Test
    void aBlockingCallOnTheEventLoopIsCaught() {
        web.get().uri("/test/block").exchange().expectStatus().is5xxServerError();
        assertEquals(1, BLOCKED.size(), BLOCKED::toString);
        assertTrue(BLOCKED.get(0).contains("sleep") && BLOCKED.get(0).contains("-http-"), BLOCKED::toString);
        BLOCKED.clear();
    }

    /** A JWT of Auth.js's format for the user, issued at the clock's now. */
    private String jwt() {
        return AuthJsJwt.builder().secrets(List.of("blockhound-secret")).cookieName("authjs.session-token").clock(clock)
                .build().encode(Map.of("sub", user.id(), "email", user.email(), "name", "Ada"), Duration.ofDays(30));
    }

    @Test
    void aJwtCookieSignsInAndIsRenewedWithoutBlocking() {
        String token = jwt();
        web.get().uri("/me").cookie("authjs.session-token", token).exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo(user.id() + " " + user.email());
        clock.advance(Duration.ofDays(2));
        web.get().uri("/me").cookie("authjs.session-token", token).exchange().expectStatus().isOk()
                .expectHeader().valueMatches(HttpHeaders.SET_COOKIE, "authjs.session-token=ey[^;]+;.*Max-Age=2592000.*");
        web.post().uri("/me").cookie("authjs.session-token", token).cookie("XSRF-TOKEN", "t").header("X-XSRF-TOKEN", "t")
                .exchange().expectStatus().isOk(); // a write reads the user item: async
    }

    @Test
    void aJwtBearerTokenSignsInAndWritesNoCookie() {
        web.get().uri("/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt()).exchange().expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
    }
}
