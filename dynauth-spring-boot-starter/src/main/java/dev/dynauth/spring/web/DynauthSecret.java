package dev.dynauth.spring.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The secret shared with the Auth.js app ({@code AUTH_SECRET}). Never printed: {@link #toString()} is redacted.
 * The one place that says where the secret comes from ({@link #fromConfiguration}, {@link #generate}) and which
 * secrets JWT sessions use ({@link #jwtSecrets}): the starter's auto-configuration, its JWT sessions and
 * {@code dynauth serve} all ask here.
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

    /** Auth.js's environment variables for the secret, in the order Auth.js reads them. */
    private static final List<String> ENVIRONMENT = List.of("AUTH_SECRET", "NEXTAUTH_SECRET");

    /**
     * The configured secret: {@code configured} ({@code dynauth.secret}, {@code --secret}) when set, else
     * {@code AUTH_SECRET}, else {@code NEXTAUTH_SECRET} (next-auth v4); empty when none is set.
     *
     * @param env the environment (or Spring's {@code Environment::getProperty})
     */
    public static Optional<DynauthSecret> fromConfiguration(String configured, Function<String, String> env) {
        if (configured != null && !configured.isBlank()) {
            return Optional.of(new DynauthSecret(configured, false));
        }
        for (String name : ENVIRONMENT) {
            String value = env.apply(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(new DynauthSecret(value, false));
            }
        }
        return Optional.empty();
    }

    /** A random secret of 32 bytes (hex) for one run of a development application. */
    public static DynauthSecret generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new DynauthSecret(HexFormat.of().formatHex(random), true);
    }

    /**
     * The secrets of JWT sessions, in Auth.js's order. {@code @auth/core}'s {@code setEnvDefaults} starts from
     * {@code [AUTH_SECRET]} and puts {@code AUTH_SECRET_1}, {@code _2}, {@code _3} each in front in turn, so the
     * list is {@code [_3, _2, _1, this secret]}: the highest-numbered secret set encodes new tokens.
     *
     * @param configured {@code dynauth.session.jwt.secrets}: used as given when not empty
     * @param env        environment lookup ({@code AUTH_SECRET_1..3})
     */
    public List<String> jwtSecrets(List<String> configured, Function<String, String> env) {
        if (configured != null && !configured.isEmpty()) {
            return List.copyOf(configured);
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(value);
        for (int i = 1; i <= 3; i++) {
            String s = env.apply("AUTH_SECRET_" + i);
            if (s != null && !s.isBlank()) {
                secrets.add(0, s);
            }
        }
        return List.copyOf(secrets);
    }

    /** Whether the secret was generated at start-up (embedded mode without configuration, {@link #generate}). */
    public boolean generated() {
        return generated;
    }

    /** The secret itself, for the JWT session key derivation ({@link #jwtSecrets}); never printed. */
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
