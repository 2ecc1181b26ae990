package dev.dynauth.bench;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.SessionTokens;
import dev.dynauth.SessionUpdate;
import dev.dynauth.TableOptions;
import dev.dynauth.VerificationToken;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The dynauth side: {@link DynamoDbAdapter} with its default settings, in this JVM, over HTTP to DynamoDB Local
 * with the chosen HTTP client (Apache by default, as the Spring Boot starter uses) plus the {@link RequestCounter}.
 *
 * <p>The inputs mirror bench.mjs exactly (same emails, token and id lengths, account fields), so that both
 * adapters are asked the same and store items of the same sizes.
 */
final class JavaSide implements AutoCloseable {

    private static final String ACCESS_TOKEN = "gho_" + "x".repeat(36);

    private final DynamoDbClient client;
    private final String table;
    private final RequestCounter counter = new RequestCounter();
    private final DynamoDbAdapter adapter;
    /** The same adapter without the token → owner map: how an instance that has not seen a token reads it. */
    private final DynamoDbAdapter firstSight;
    private final Map<String, State> states = new HashMap<>();

    JavaSide(URI endpoint, String tableName, String httpClient) {
        this.table = tableName;
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(switch (httpClient) {
                    case "apache" -> ApacheHttpClient.builder();
                    case "url-connection" -> UrlConnectionHttpClient.builder();
                    default -> throw new IllegalArgumentException("unknown HTTP client " + httpClient);
                })
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                .build();
        this.adapter = DynamoDbAdapter.builder()
                .client(client)
                .options(TableOptions.builder().tableName(tableName).build())
                .build();
        this.firstSight = DynamoDbAdapter.builder()
                .client(client)
                .options(TableOptions.builder().tableName(tableName).build())
                .sessionOwnerCacheSize(0)
                .build();
    }

    private static final class State {
        final Map<Integer, String> userIds = new HashMap<>();
        final Map<Integer, String> sessionTokens = new HashMap<>();
        final Map<Integer, String> selfLocatingTokens = new HashMap<>();
    }

    static String pad(int i) {
        return String.format("%06d", i);
    }

    static String email(String p, int i) {
        return p + "-u" + pad(i) + "@bench.example.com";
    }

    static String providerAccountId(String p, int i) {
        return p + "-gh" + pad(i) + "-0000000000";
    }

    private static <T> T must(Optional<T> value, String what) {
        return value.orElseThrow(() -> new IllegalStateException(what + " returned nothing"));
    }

    private static Instant in(Duration d) {
        return Instant.now().plus(d);
    }

    /** One iteration of a benchmarked operation. */
    private void once(Op op, State s, String p, int i) {
        switch (op) {
            case CREATE_USER -> s.userIds.put(i, adapter.createUser(AdapterUser.builder()
                    .email(email(p, i)).emailVerified(null).name("Bench User " + pad(i))
                    .image("https://example.com/avatar.png").build()).id());
            case BASELINE_GET_ITEM -> {
                // What the npm adapter's getUser sends (eventually consistent), without an adapter.
                AttributeValue key = AttributeValue.fromS("USER#" + s.userIds.get(i));
                if (!client.getItem(b -> b.tableName(table).key(Map.of("pk", key, "sk", key))).hasItem()) {
                    throw new IllegalStateException("GetItem returned nothing");
                }
            }
            case GET_USER -> must(adapter.getUser(s.userIds.get(i)), "getUser");
            case GET_USER_BY_EMAIL -> must(adapter.getUserByEmail(email(p, i)), "getUserByEmail");
            case CREATE_SESSION -> {
                String token = UUID.randomUUID().toString();
                adapter.createSession(new AdapterSession(token, s.userIds.get(i), in(Duration.ofDays(30))));
                s.sessionTokens.put(i, token);
            }
            case GET_SESSION_AND_USER -> must(adapter.getSessionAndUser(s.sessionTokens.get(i)), "getSessionAndUser");
            case GET_SESSION_AND_USER_FIRST_SIGHT -> must(firstSight.getSessionAndUser(s.sessionTokens.get(i)), "getSessionAndUser");
            case CREATE_SELF_LOCATING_SESSION -> {
                String token = SessionTokens.issue(s.userIds.get(i));
                adapter.createSession(new AdapterSession(token, s.userIds.get(i), in(Duration.ofDays(30))));
                s.selfLocatingTokens.put(i, token);
            }
            case GET_SELF_LOCATING_SESSION -> must(adapter.getSessionAndUser(s.selfLocatingTokens.get(i)), "getSessionAndUser");
            case UPDATE_SESSION -> must(adapter.updateSession(
                    SessionUpdate.expires(s.sessionTokens.get(i), in(Duration.ofDays(31)))), "updateSession");
            case LINK_ACCOUNT -> adapter.linkAccount(AdapterAccount.builder()
                    .userId(s.userIds.get(i)).type("oauth").provider("github").providerAccountId(providerAccountId(p, i))
                    .accessToken(ACCESS_TOKEN).tokenType("bearer").scope("read:user,user:email")
                    .expiresAt(Instant.now().getEpochSecond() + 8 * 3600).build());
            case GET_USER_BY_ACCOUNT -> must(adapter.getUserByAccount("github", providerAccountId(p, i)), "getUserByAccount");
            case VERIFICATION_TOKEN -> {
                String identifier = email(p, i);
                String token = UUID.randomUUID().toString();
                adapter.createVerificationToken(new VerificationToken(identifier, token, in(Duration.ofDays(1))));
                must(adapter.useVerificationToken(identifier, token), "useVerificationToken");
            }
            case DELETE_SESSION -> must(adapter.deleteSession(s.sessionTokens.get(i)), "deleteSession");
            case DELETE_USER -> must(adapter.deleteUser(s.userIds.get(i)), "deleteUser");
        }
    }

    /** Untimed and not counted: gives each of the first {@code iterations} users {@code sessionsPerUser} sessions. */
    void setupDeleteUser(String prefix, int iterations, int sessionsPerUser) {
        State s = states.computeIfAbsent(prefix, k -> new State());
        for (int i = 0; i < iterations; i++) {
            for (int k = 0; k < sessionsPerUser; k++) {
                adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), s.userIds.get(i),
                        in(Duration.ofDays(30))));
            }
        }
        counter.takeCounts();
    }

    /** Runs iterations [from, to) of the operation and times the loop. */
    PhaseResult run(Op op, String prefix, int from, int to) {
        State s = states.computeIfAbsent(prefix, k -> new State());
        counter.takeCounts();
        long start = System.nanoTime();
        for (int i = from; i < to; i++) {
            once(op, s, prefix, i);
        }
        long elapsed = System.nanoTime() - start;
        return new PhaseResult(to - from, elapsed, counter.takeCounts());
    }

    @Override
    public void close() {
        client.close();
    }
}
