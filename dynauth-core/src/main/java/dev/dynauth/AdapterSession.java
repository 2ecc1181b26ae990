package dev.dynauth;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A database session, as Auth.js's {@code AdapterSession}. The token is a bearer secret:
 * {@link #toString()} never shows it.
 *
 * @param sessionToken the value of the session cookie
 * @param userId       the user signed in by this session
 * @param expires      when the session ends
 * @param attributes   custom fields, unmodifiable
 */
public record AdapterSession(String sessionToken, String userId, Instant expires, Map<String, Object> attributes) {

    static final Set<String> FIELDS = Set.of("sessionToken", "userId", "expires", "id");

    public AdapterSession {
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(expires, "expires");
        expires = Attributes.millis(expires);
        attributes = Attributes.copy(attributes, FIELDS, "a session");
    }

    public AdapterSession(String sessionToken, String userId, Instant expires) {
        this(sessionToken, userId, expires, Map.of());
    }

    @Override
    public String toString() {
        return "AdapterSession[sessionToken=<redacted>, userId=" + userId + ", expires=" + expires
                + ", attributes=" + Attributes.names(attributes) + "]";
    }
}
