package dev.dynauth.jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Auth.js's chunked session cookie: a value longer than the chunk size is written as {@code <name>.0},
 * {@code <name>.1}, … and read back by joining the chunks in numeric order. Servlet-free: callers hand in
 * the request's cookies as a map and write the {@link Chunk}s themselves.
 */
public final class SessionCookieChunks {

    /** {@code @auth/core}: 4096 − 160 characters per cookie value. */
    public static final int AUTHJS_CHUNK_SIZE = 4096 - 160;
    /** next-auth v4: 4096 − 163 characters per cookie value. */
    public static final int NEXTAUTH_V4_CHUNK_SIZE = 4096 - 163;
    /** More chunks than this is not a session cookie (Auth.js never writes near it). */
    static final int MAX_CHUNKS = 64;

    private SessionCookieChunks() {
    }

    /** One cookie to set. {@link #toString()} leaves the value out: it is a session token. */
    public record Chunk(String name, String value) {
        public Chunk {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "Chunk[name=" + name + ", length=" + value.length() + "]";
        }
    }

    /**
     * The session token the cookies carry under {@code name}: the chunks {@code name.0, name.1, …} joined in
     * numeric order (up to the first missing one) when {@code name.0} is present, else the plain cookie.
     * Empty when neither is present or the value is empty.
     */
    public static Optional<String> read(String name, Map<String, String> cookies) {
        String first = cookies.get(name + ".0");
        if (first != null && !first.isEmpty()) {
            StringBuilder joined = new StringBuilder(first);
            for (int i = 1; i < MAX_CHUNKS; i++) {
                String next = cookies.get(name + "." + i);
                if (next == null || next.isEmpty()) {
                    break;
                }
                joined.append(next);
            }
            return Optional.of(joined.toString());
        }
        String plain = cookies.get(name);
        return plain == null || plain.isEmpty() ? Optional.empty() : Optional.of(plain);
    }

    /** The cookies to set for {@code value}: one under {@code name} when it fits, else numbered chunks. */
    public static List<Chunk> split(String name, String value, int chunkSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive");
        }
        if (value.length() <= chunkSize) {
            return List.of(new Chunk(name, value));
        }
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0, start = 0; start < value.length(); i++, start += chunkSize) {
            chunks.add(new Chunk(name + "." + i, value.substring(start, Math.min(value.length(), start + chunkSize))));
        }
        return List.copyOf(chunks);
    }

    /**
     * Of the request's cookie names, those of this session cookie ({@code name} or {@code name.<digits>})
     * that the new chunks do not overwrite: they must be cleared, or a reader would join stale chunks.
     */
    public static Set<String> stale(String name, Collection<Chunk> written, Collection<String> present) {
        Set<String> keep = new LinkedHashSet<>();
        for (Chunk c : written) {
            keep.add(c.name());
        }
        Set<String> stale = new LinkedHashSet<>();
        for (String n : present) {
            if (isPart(name, n) && !keep.contains(n)) {
                stale.add(n);
            }
        }
        return stale;
    }

    /** Whether {@code cookieName} is {@code name} itself or one of its chunks. */
    public static boolean isPart(String name, String cookieName) {
        if (cookieName.equals(name)) {
            return true;
        }
        if (!cookieName.startsWith(name + ".") || cookieName.length() == name.length() + 1) {
            return false;
        }
        for (int i = name.length() + 1; i < cookieName.length(); i++) {
            char c = cookieName.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
