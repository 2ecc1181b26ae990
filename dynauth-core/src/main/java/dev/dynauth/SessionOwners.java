package dev.dynauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Remembers the owner of session tokens that do not carry it (Auth.js's UUIDs), so that from a token's second
 * request on its session and user are read by key, like a {@link SessionTokens self-locating} token's. A token's
 * owner never changes, so an entry is never stale; whether the session still exists and when it expires is read from
 * the table on every request. Nothing else is kept, so a second JVM behind a load balancer needs none of it.
 *
 * <p>Bounded: a least-recently-used map split into segments, each behind its own lock, so concurrent requests rarely
 * wait for each other. Capacity 0 turns it off.
 */
final class SessionOwners {

    private static final int SEGMENTS = 16;

    private final int capacity;
    private final Segment[] segments;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    SessionOwners(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        this.capacity = capacity;
        // segments only where each holds many entries: a small map is one exact LRU (with 3 entries in 3 segments
        // of 1, which tokens land together would decide what is kept)
        int n = capacity == 0 ? 0 : capacity < SEGMENTS * 64 ? 1 : SEGMENTS;
        this.segments = new Segment[n];
        for (int i = 0; i < n; i++) {
            // spread the capacity so that the segments add up to it exactly
            segments[i] = new Segment(capacity / n + (i < capacity % n ? 1 : 0));
        }
    }

    /** The remembered owner, or null; counted as a hit or a miss. */
    String get(String token) {
        if (segments.length == 0) {
            misses.increment();
            return null;
        }
        Segment s = segment(token);
        String owner;
        synchronized (s) {
            owner = s.get(token);
        }
        (owner == null ? misses : hits).increment();
        return owner;
    }

    void remember(String token, String owner) {
        if (segments.length == 0 || SessionTokens.owner(token).isPresent()) {
            return;
        }
        Segment s = segment(token);
        synchronized (s) {
            s.put(token, owner);
        }
    }

    void forget(String token) {
        if (segments.length == 0) {
            return;
        }
        Segment s = segment(token);
        synchronized (s) {
            s.remove(token);
        }
    }

    SessionOwnerCacheStats stats() {
        long size = 0;
        for (Segment s : segments) {
            synchronized (s) {
                size += s.size();
            }
        }
        return new SessionOwnerCacheStats(capacity, size, hits.sum(), misses.sum(), evictions.sum());
    }

    private Segment segment(String token) {
        int h = token.hashCode();
        return segments[Math.floorMod(h ^ (h >>> 16), segments.length)];
    }

    private final class Segment extends LinkedHashMap<String, String> {
        private final int max;

        Segment(int max) {
            super(16, 0.75f, true);
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            if (size() > max) {
                evictions.increment();
                return true;
            }
            return false;
        }
    }
}
