package dev.dynauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An account linked to a user (OAuth, OIDC, email or WebAuthn), as Auth.js's {@code AdapterAccount}.
 *
 * <p>The OAuth token fields are stored under Auth.js's attribute names: {@code access_token},
 * {@code refresh_token}, {@code id_token}, {@code token_type}, {@code scope}, {@code session_state}
 * and {@code expires_at} (epoch seconds). Any other provider field goes in {@link #attributes()}.
 * Tokens are secrets: {@link #toString()} shows neither them nor custom attribute values.
 *
 * @param id                a stored random id; {@code null} on {@link Adapter#linkAccount} means "generate one"
 * @param userId            the owner
 * @param type              {@code oauth}, {@code oidc}, {@code email} or {@code webauthn}
 * @param provider          the provider id, e.g. {@code github}
 * @param providerAccountId the user's id at the provider
 */
public record AdapterAccount(String id, String userId, String type, String provider, String providerAccountId,
                             String accessToken, String refreshToken, String idToken, String tokenType,
                             String scope, String sessionState, Long expiresAt, Map<String, Object> attributes) {

    /** Auth.js attribute names of the fields above, which custom attributes must not reuse. */
    static final Set<String> FIELDS = Set.of("id", "userId", "type", "provider", "providerAccountId",
            "access_token", "refresh_token", "id_token", "token_type", "scope", "session_state", "expires_at");

    public AdapterAccount {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerAccountId, "providerAccountId");
        attributes = Attributes.copy(attributes, FIELDS, "an account");
    }

    /** One custom attribute, or {@code null}. */
    public Object attribute(String name) {
        return attributes.get(name);
    }

    AdapterAccount withId(String newId) {
        return new AdapterAccount(newId, userId, type, provider, providerAccountId, accessToken, refreshToken,
                idToken, tokenType, scope, sessionState, expiresAt, attributes);
    }

    @Override
    public String toString() {
        return "AdapterAccount[id=" + id + ", userId=" + userId + ", type=" + type + ", provider=" + provider
                + ", providerAccountId=" + providerAccountId + ", tokens=<redacted>, expiresAt=" + expiresAt
                + ", scope=" + scope + ", attributes=" + Attributes.names(attributes) + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AdapterAccount}. */
    public static final class Builder {
        private String id;
        private String userId;
        private String type;
        private String provider;
        private String providerAccountId;
        private String accessToken;
        private String refreshToken;
        private String idToken;
        private String tokenType;
        private String scope;
        private String sessionState;
        private Long expiresAt;
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private Builder() {}

        public Builder id(String id) { this.id = id; return this; }
        public Builder userId(String userId) { this.userId = userId; return this; }
        public Builder type(String type) { this.type = type; return this; }
        public Builder provider(String provider) { this.provider = provider; return this; }
        public Builder providerAccountId(String providerAccountId) { this.providerAccountId = providerAccountId; return this; }
        public Builder accessToken(String accessToken) { this.accessToken = accessToken; return this; }
        public Builder refreshToken(String refreshToken) { this.refreshToken = refreshToken; return this; }
        public Builder idToken(String idToken) { this.idToken = idToken; return this; }
        public Builder tokenType(String tokenType) { this.tokenType = tokenType; return this; }
        public Builder scope(String scope) { this.scope = scope; return this; }
        public Builder sessionState(String sessionState) { this.sessionState = sessionState; return this; }
        public Builder expiresAt(Long expiresAt) { this.expiresAt = expiresAt; return this; }
        public Builder attribute(String name, Object value) { attributes.put(name, value); return this; }
        public Builder attributes(Map<String, ?> values) { attributes.putAll(values); return this; }

        public AdapterAccount build() {
            return new AdapterAccount(id, userId, type, provider, providerAccountId, accessToken, refreshToken,
                    idToken, tokenType, scope, sessionState, expiresAt, attributes);
        }
    }
}
