package dev.dynauth;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A partial update of a user, as Auth.js's {@code Partial<AdapterUser> & {id}}: a field that was
 * never set is left as it is; a field set to {@code null} is stored as NULL.
 *
 * <pre>{@code
 * adapter.updateUser(UserUpdate.of(id).name("Ada").image(null).build());
 * }</pre>
 *
 * @param id      the user to update
 * @param changes attribute name to new value ({@code null} values allowed), unmodifiable
 */
public record UserUpdate(String id, Map<String, Object> changes) {

    public UserUpdate {
        Objects.requireNonNull(id, "id");
        Map<String, Object> copy = new LinkedHashMap<>();
        if (changes != null) {
            for (Map.Entry<String, Object> e : changes.entrySet()) {
                String name = e.getKey();
                if ("id".equals(name)) {
                    throw new IllegalArgumentException("a user's id cannot be changed");
                }
                Object v = Attributes.copyValue(e.getValue(), name);
                if (("email".equals(name) || "name".equals(name) || "image".equals(name))
                        && v != null && !(v instanceof String)) {
                    throw new IllegalArgumentException("'" + name + "' must be a string or null");
                }
                if ("emailVerified".equals(name) && v != null && !(v instanceof Instant)) {
                    throw new IllegalArgumentException("'emailVerified' must be an Instant or null");
                }
                if (name == null || name.isEmpty()) {
                    throw new IllegalArgumentException("attribute names must not be empty");
                }
                copy.put(name, v);
            }
        }
        changes = Collections.unmodifiableMap(copy);
    }

    /** Whether this update sets the given field or attribute (possibly to null). */
    public boolean sets(String name) {
        return changes.containsKey(name);
    }

    public static Builder of(String id) {
        return new Builder(id);
    }

    /** Builds a {@link UserUpdate}; every call marks its field as changed. */
    public static final class Builder {
        private final String id;
        private final Map<String, Object> changes = new LinkedHashMap<>();

        private Builder(String id) { this.id = id; }

        public Builder email(String email) { changes.put("email", email); return this; }
        public Builder emailVerified(Instant emailVerified) { changes.put("emailVerified", emailVerified); return this; }
        public Builder name(String name) { changes.put("name", name); return this; }
        public Builder image(String image) { changes.put("image", image); return this; }
        /** Sets a custom attribute; {@code null} stores NULL. */
        public Builder attribute(String name, Object value) { changes.put(name, value); return this; }

        public UserUpdate build() {
            return new UserUpdate(id, changes);
        }
    }
}
