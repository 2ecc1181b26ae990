package dev.dynauth.spring.magiclink;

import java.time.Duration;

/** Limits actions per key across every instance of the application. */
public interface RateLimiter {

    /** Counts one attempt for the key; returns false when the key is over its limit. */
    boolean tryAcquire(String key);

    /**
     * Counts one attempt for the key against its own limit and window; returns false when over it. The default
     * ignores {@code limit} and {@code window} and applies {@link #tryAcquire(String)}'s.
     */
    default boolean tryAcquire(String key, int limit, Duration window) {
        return tryAcquire(key);
    }
}
