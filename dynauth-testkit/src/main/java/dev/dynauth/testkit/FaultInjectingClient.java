package dev.dynauth.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A {@link DynamoDbClient} for tests that injects the failures a real table produces, at a given rate, from a seed:
 * each request to the wrapped client may be throttled, fail with a 500, time out before or <em>after</em> it was
 * applied (the response is lost), be applied twice as the SDK's retry of a lost response does, return part of a
 * batch as {@code UnprocessedItems}, or have its transaction cancelled by a conflict. Counts what it injected.
 *
 * <pre>{@code
 * FaultInjectingClient faults = FaultInjectingClient.builder(realClient).seed(42).rate(0.2).build();
 * DynamoDbAdapter adapter = DynamoDbAdapter.builder().client(faults.client()).build();
 * }</pre>
 */
public final class FaultInjectingClient {

    /** The kinds of failure. "Applied" ones happen after the request took effect in the table. */
    public enum Fault {
        /** ProvisionedThroughputExceededException; nothing applied. */
        THROTTLE,
        /** InternalServerErrorException (500); nothing applied. */
        SERVER_ERROR,
        /** The call timed out before reaching the table; nothing applied. */
        TIMEOUT,
        /** Applied, then the response was lost and the SDK gave up: a timeout for a write that happened. */
        TIMEOUT_AFTER_APPLIED,
        /** Applied, response lost, and the SDK sent the same request again: the caller sees the second answer. */
        RETRY_AFTER_APPLIED,
        /** A BatchWriteItem that wrote only part of its items and returned the rest as unprocessed. */
        UNPROCESSED_ITEMS,
        /** A TransactWriteItems cancelled with TransactionConflict; nothing applied. */
        TRANSACTION_CONFLICT
    }

    private static final Set<String> WRITES = Set.of("putItem", "updateItem", "deleteItem", "batchWriteItem", "transactWriteItems");
    private static final Set<String> READS = Set.of("getItem", "query", "scan", "batchGetItem", "transactGetItems");

    private final DynamoDbClient delegate;
    private final Random random;
    private final double rate;
    private final Set<Fault> kinds;
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean enabled = true;
    private final DynamoDbClient proxy;

    private FaultInjectingClient(Builder b) {
        this.delegate = b.delegate;
        this.random = new Random(b.seed);
        this.rate = b.rate;
        this.kinds = EnumSet.copyOf(b.kinds);
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
        this.proxy = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, this::invoke);
    }

    public static Builder builder(DynamoDbClient delegate) {
        return new Builder(delegate);
    }

    /** The client to hand to the code under test. */
    public DynamoDbClient client() {
        return proxy;
    }

    /** Turns injection on or off (e.g. off to read the final state). */
    public void enabled(boolean on) {
        this.enabled = on;
    }

    /** How many of each fault were injected so far. */
    public Map<Fault, Long> injected() {
        Map<Fault, Long> m = new EnumMap<>(Fault.class);
        injected.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Requests that reached this client (reads and writes). */
    public long requests() {
        return requests.get();
    }

    private Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> self == args[0];
                case "hashCode" -> System.identityHashCode(self);
                default -> "faults over " + delegate;
            };
        }
        if (args != null && args.length == 1 && args[0] instanceof Consumer) {
            return InvocationHandler.invokeDefault(self, method, args); // builds the request, then calls the request variant
        }
        String name = method.getName();
        boolean write = WRITES.contains(name);
        if (!write && !READS.contains(name)) {
            return call(method, args);
        }
        requests.incrementAndGet();
        Fault fault = choose(name, write);
        if (fault == null) {
            return call(method, args);
        }
        injected.get(fault).incrementAndGet();
        switch (fault) {
            case THROTTLE -> throw ProvisionedThroughputExceededException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("injected throttling").build()).message("injected throttling").build();
            case SERVER_ERROR -> throw InternalServerErrorException.builder().statusCode(500)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError")
                            .errorMessage("injected 500").build()).message("injected 500").build();
            case TIMEOUT -> throw ApiCallTimeoutException.create(1000);
            case TIMEOUT_AFTER_APPLIED -> {
                try {
                    call(method, args);
                } catch (RuntimeException ignored) {
                    // whatever the first answer was, it is lost
                }
                throw ApiCallTimeoutException.create(1000);
            }
            case RETRY_AFTER_APPLIED -> {
                try {
                    call(method, args);
                } catch (RuntimeException ignored) {
                    // the SDK would not retry a definite refusal; the second call gives the same refusal
                }
                return call(method, args);
            }
            case UNPROCESSED_ITEMS -> {
                return partialBatch((BatchWriteItemRequest) args[0]);
            }
            case TRANSACTION_CONFLICT -> {
                TransactWriteItemsRequest r = (TransactWriteItemsRequest) args[0];
                List<CancellationReason> reasons = new ArrayList<>();
                for (int i = 0; i < r.transactItems().size(); i++) {
                    reasons.add(CancellationReason.builder().code(i == 0 ? "TransactionConflict" : "None").build());
                }
                throw TransactionCanceledException.builder().statusCode(400).cancellationReasons(reasons)
                        .message("injected transaction conflict").build();
            }
            default -> throw new IllegalStateException(fault.toString());
        }
    }

    private Fault choose(String name, boolean write) {
        if (!enabled) {
            return null;
        }
        List<Fault> possible = new ArrayList<>();
        for (Fault f : kinds) {
            boolean fits = switch (f) {
                case THROTTLE, SERVER_ERROR, TIMEOUT -> true;
                case TIMEOUT_AFTER_APPLIED, RETRY_AFTER_APPLIED -> write;
                case UNPROCESSED_ITEMS -> name.equals("batchWriteItem");
                case TRANSACTION_CONFLICT -> name.equals("transactWriteItems");
            };
            if (fits) {
                possible.add(f);
            }
        }
        synchronized (random) {
            if (possible.isEmpty() || random.nextDouble() >= rate) {
                return null;
            }
            return possible.get(random.nextInt(possible.size()));
        }
    }

    private BatchWriteItemResponse partialBatch(BatchWriteItemRequest request) {
        Map<String, List<WriteRequest>> send = new java.util.HashMap<>();
        Map<String, List<WriteRequest>> left = new java.util.HashMap<>();
        request.requestItems().forEach((table, writes) -> {
            int half = Math.max(0, writes.size() / 2);
            if (half > 0) {
                send.put(table, writes.subList(0, half));
            }
            left.put(table, writes.subList(half, writes.size()));
        });
        if (!send.isEmpty()) {
            BatchWriteItemResponse r = delegate.batchWriteItem(request.toBuilder().requestItems(send).build());
            if (r.hasUnprocessedItems()) {
                r.unprocessedItems().forEach((table, w) -> left.merge(table, w, (a, b) -> {
                    List<WriteRequest> all = new ArrayList<>(a);
                    all.addAll(b);
                    return all;
                }));
            }
        }
        return BatchWriteItemResponse.builder().unprocessedItems(left).build();
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Builds a {@link FaultInjectingClient}. */
    public static final class Builder {
        private final DynamoDbClient delegate;
        private long seed = 1;
        private double rate = 0.2;
        private Set<Fault> kinds = EnumSet.allOf(Fault.class);

        private Builder(DynamoDbClient delegate) {
            this.delegate = Objects.requireNonNull(delegate);
        }

        public Builder seed(long seed) { this.seed = seed; return this; }
        /** The share of requests that fail (0 to 1). */
        public Builder rate(double rate) {
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("rate must be between 0 and 1");
            }
            this.rate = rate;
            return this;
        }
        public Builder kinds(Set<Fault> kinds) {
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("at least one kind of fault");
            }
            this.kinds = EnumSet.copyOf(kinds);
            return this;
        }
        public FaultInjectingClient build() { return new FaultInjectingClient(this); }
    }
}
