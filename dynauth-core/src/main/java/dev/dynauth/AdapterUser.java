package dev.dynauth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A user, as Auth.js's {@code AdapterUser}.
 *
 * @param id            the user's id; on {@link Adapter#createUser} a {@code null} id means "generate a UUID"
 * @param email         the email address, or {@code null} for a user without one
 * @param emailVerified when the email was verified, or {@code null}
 * @param name          display name, or {@code null}
 * @param image         avatar URL, or {@code null}
 * @param attributes    custom profile fields (e.g. {@code role}, {@code phone}): String, Number, Boolean,
 *                      Instant, byte[], List, Set, Map or {@code null} values, unmodifiable
 */
public record AdapterUser(String id, String email, Instant emailVerified, String name, String image,
                          Map<String, Object> attributes) {

    static final Set<String> FIELDS = Set.of("id", "email", "emailVerified", "name", "image");

    public AdapterUser {
        emailVerified = Attributes.millis(emailVerified);
        attributes = Attributes.copy(attributes, FIELDS, "a user");
    }

    /** A user with the given fields and no custom attributes. */
    public AdapterUser(String id, String email, Instant emailVerified, String name, String image) {
        this(id, email, emailVerified, name, image, Map.of());
    }

    /** One custom attribute, or {@code null} when absent or stored as NULL. */
    public Object attribute(String name) {
        return attributes.get(name);
    }

    /** A copy with another id. */
    public AdapterUser withId(String newId) {
        return new AdapterUser(newId, email, emailVerified, name, image, attributes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AdapterUser}. */
    public static final class Builder {
        private String id;
        private String email;
        private Instant emailVerified;
        private String name;
        private String image;
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private Builder() {}

        public Builder id(String id) { this.id = id; return this; }
        public Builder email(String email) { this.email = email; return this; }
        public Builder emailVerified(Instant emailVerified) { this.emailVerified = emailVerified; return this; }
        public Builder name(String name) { this.name = name; return this; }
        public Builder image(String image) { this.image = image; return this; }
        public Builder attribute(String name, Object value) { attributes.put(name, value); return this; }
        public Builder attributes(Map<String, ?> values) { attributes.putAll(values); return this; }

        public AdapterUser build() {
            return new AdapterUser(id, email, emailVerified, name, image, attributes);
        }
    }
}
