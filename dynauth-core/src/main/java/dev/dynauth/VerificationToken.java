package dev.dynauth;

import java.time.Instant;
import java.util.Objects;

/**
 * A magic-link token, as Auth.js's {@code VerificationToken}. Auth.js stores the token already
 * hashed ({@code sha256hex(rawToken + secret)}); it is still a secret and {@link #toString()}
 * never shows it.
 *
 * @param identifier usually the normalised email address
 * @param token      the hashed token
 * @param expires    when the link stops working
 */
public record VerificationToken(String identifier, String token, Instant expires) {
    public VerificationToken {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expires, "expires");
        expires = Attributes.millis(expires);
    }

    @Override
    public String toString() {
        return "VerificationToken[identifier=" + identifier + ", token=<redacted>, expires=" + expires + "]";
    }
}
