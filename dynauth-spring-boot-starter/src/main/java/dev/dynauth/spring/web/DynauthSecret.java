package dev.dynauth.spring.web;

import dev.dynauth.spring.session.JwtSecrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The secret shared with the Auth.js app ({@code AUTH_SECRET}). Never printed: {@link #toString()} is redacted.
 */
public final class DynauthSecret {

    private final String value;
    private final boolean generated;

    public DynauthSecret(String value, boolean generated) {
        this.value = Objects.requireNonNull(value, "secret");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the secret must not be empty");
        }
        this.generated = generated;
    }

    /** Whether the secret was generated at start-up (embedded mode without configuration). */
    public boolean generated() {
        return generated;
    }

    /** The secret itself, for the JWT session key derivation ({@link JwtSecrets}); never printed. */
    public String value() {
        return value;
    }

    /** {@code sha256hex(token + secret)}, the form in which Auth.js stores verification tokens. */
    public String hashToken(String rawToken) {
        return sha256Hex(rawToken + value);
    }

    /** A key of 32 bytes derived from the secret for one purpose (HMAC or AES). */
    public byte[] deriveKey(String purpose) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("dynauth:" + purpose + ":").getBytes(StandardCharsets.UTF_8));
            return md.digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DynauthSecret[<redacted>]";
    }
}
