package dev.dynauth.jwt;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of a decoded Auth.js session token: what Auth.js's default {@code jwt} callback puts there
 * ({@code sub} = the user id, {@code name}, {@code email}, {@code picture}), the registered claims
 * {@code iat}, {@code exp}, {@code jti}, and any custom claim an app added. Numbers are {@link Long} or
 * {@link Double}, objects {@link Map}, arrays {@link java.util.List}, as the JSON had them.
 */
public final class AuthJsToken {

    /** Claims the encoder sets itself; {@link AuthJsJwt#encode} replaces whatever the caller passes. */
    public static final java.util.Set<String> REGISTERED = java.util.Set.of("iat", "exp", "jti");

    private final Map<String, Object> claims;

    AuthJsToken(Map<String, Object> claims) {
        this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /** Every claim, in the token's order. */
    public Map<String, Object> claims() {
        return claims;
    }

    /** The claims an app or Auth.js's callback chose, without {@code iat}, {@code exp}, {@code jti}: what to re-encode. */
    public Map<String, Object> payload() {
        Map<String, Object> m = new LinkedHashMap<>(claims);
        m.keySet().removeAll(REGISTERED);
        return Collections.unmodifiableMap(m);
    }

    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    /** {@code sub}: the user's id with Auth.js's default callbacks. */
    public Optional<String> subject() {
        return string("sub");
    }

    public Optional<String> name() {
        return string("name");
    }

    public Optional<String> email() {
        return string("email");
    }

    public Optional<String> picture() {
        return string("picture");
    }

    public Optional<String> jti() {
        return string("jti");
    }

    /** {@code iat}. */
    public Optional<Instant> issuedAt() {
        return time("iat");
    }

    /** {@code exp}; always present in a token {@link AuthJsJwt#decode} returns. */
    public Instant expiresAt() {
        return time("exp").orElseThrow();
    }

    private Optional<String> string(String k) {
        return claims.get(k) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private Optional<Instant> time(String k) {
        return claims.get(k) instanceof Number n
                ? Optional.of(Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000))) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthJsToken t && t.claims.equals(claims);
    }

    @Override
    public int hashCode() {
        return claims.hashCode();
    }

    /** The subject and expiry only: claims may hold personal data an app put there. */
    @Override
    public String toString() {
        return "AuthJsToken[sub=" + claims.get("sub") + ", exp=" + claims.get("exp") + "]";
    }
}
