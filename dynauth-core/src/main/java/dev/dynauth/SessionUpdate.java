package dev.dynauth;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A partial update of a session, as Auth.js's {@code Partial<AdapterSession> & {sessionToken}}.
 * Usually only {@code expires} moves (sliding expiry). A session cannot move to another user.
 *
 * @param sessionToken the session to update; never shown by {@link #toString()}
 * @param expires      the new expiry, or {@code null} to leave it
 * @param attributes   custom attributes to set ({@code null} values store NULL), unmodifiable
 */
public record SessionUpdate(String sessionToken, Instant expires, Map<String, Object> attributes) {

    public SessionUpdate {
        Objects.requireNonNull(sessionToken, "sessionToken");
        expires = Attributes.millis(expires);
        attributes = attributes == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(Attributes.copy(attributes, AdapterSession.FIELDS, "a session")));
    }

    /** Moves the session's expiry. */
    public static SessionUpdate expires(String sessionToken, Instant expires) {
        return new SessionUpdate(sessionToken, Objects.requireNonNull(expires, "expires"), Map.of());
    }

    @Override
    public String toString() {
        return "SessionUpdate[sessionToken=<redacted>, expires=" + expires + ", attributes="
                + Attributes.names(attributes) + "]";
    }
}
