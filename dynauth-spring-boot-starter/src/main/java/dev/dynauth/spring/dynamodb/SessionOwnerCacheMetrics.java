package dev.dynauth.spring.dynamodb;

import dev.dynauth.DynamoDbAdapter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer meters of the adapter's session token → owner map (Auth.js tokens only; dynauth's own tokens carry
 * their owner): {@code dynauth.session.owner.cache.lookups} with {@code result} {@code hit} (one DynamoDB request)
 * or {@code miss} (the index and a read), {@code dynauth.session.owner.cache.evictions}, and the gauges
 * {@code dynauth.session.owner.cache.size} and {@code dynauth.session.owner.cache.capacity}.
 */
final class SessionOwnerCacheMetrics {

    private SessionOwnerCacheMetrics() {}

    static void bind(DynamoDbAdapter adapter, MeterRegistry registry) {
        FunctionCounter.builder("dynauth.session.owner.cache.lookups", adapter, a -> a.sessionOwnerCacheStats().hits())
                .tag("result", "hit").description("Session lookups of Auth.js tokens whose owner was remembered")
                .register(registry);
        FunctionCounter.builder("dynauth.session.owner.cache.lookups", adapter, a -> a.sessionOwnerCacheStats().misses())
                .tag("result", "miss").description("Session lookups of Auth.js tokens that went through the index")
                .register(registry);
        FunctionCounter.builder("dynauth.session.owner.cache.evictions", adapter, a -> a.sessionOwnerCacheStats().evictions())
                .description("Tokens dropped from the owner map to stay within its capacity").register(registry);
        Gauge.builder("dynauth.session.owner.cache.size", adapter, a -> a.sessionOwnerCacheStats().size())
                .description("Tokens whose owner is remembered").register(registry);
        Gauge.builder("dynauth.session.owner.cache.capacity", adapter, a -> a.sessionOwnerCacheStats().capacity())
                .description("Most tokens whose owner is remembered").register(registry);
    }
}
