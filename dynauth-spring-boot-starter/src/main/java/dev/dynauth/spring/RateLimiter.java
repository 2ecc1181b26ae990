package dev.dynauth.spring;

/** Limits actions per key across every instance of the application. */
public interface RateLimiter {

    /** Counts one attempt for the key; returns false when the key is over its limit. */
    boolean tryAcquire(String key);
}
