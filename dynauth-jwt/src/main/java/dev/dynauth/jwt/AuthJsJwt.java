package dev.dynauth.jwt;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * Auth.js's encrypted session token (a JWE, not a JWS) for one session cookie name: decodes what
 * {@code @auth/core} (next-auth v5) or next-auth v4 wrote, and encodes what they decode.
 *
 * <ul>
 *   <li>{@link Format#AUTHJS}: {@code dir} + {@code A256CBC-HS512} on encode, {@code A256CBC-HS512} or
 *   {@code A256GCM} on decode; key {@code HKDF-SHA-256(secret, salt = cookie name, info = "Auth.js Generated
 *   Encryption Key (<cookie name>)")}, 64 or 32 bytes; header {@code kid} = the key's RFC 7638 thumbprint.</li>
 *   <li>{@link Format#NEXTAUTH_V4}: {@code dir} + {@code A256GCM}, no {@code kid}; key
 *   {@code HKDF-SHA-256(secret, salt = "", info = "NextAuth.js Generated Encryption Key")}, 32 bytes. The
 *   cookie name is not part of v4's key.</li>
 * </ul>
 *
 * <p>Several secrets rotate as in Auth.js: encode with the first, decode with whichever matches the
 * token's {@code kid} (no {@code kid}: the first secret; v4 tokens: each secret in turn). Decoding never
 * throws for a bad token: it is empty when the token is malformed, tampered with, made with another secret
 * or cookie name, expired ({@code exp} more than 15 s past) or not yet valid, or when jose would refuse it
 * ({@link JoseRules}: a {@code crit} header, replicated claims that differ, a {@code null} time claim, a payload
 * that is not UTF-8, an IV of the wrong length). Stricter than jose: no {@code exp}, {@code zip}, or longer than
 * 64 chunks are refused too. Immutable and thread-safe;
 * no secret, key or token appears in an exception message or {@link #toString()}.
 */
public final class AuthJsJwt {

    /** Which Auth.js wrote (or will read) the token. */
    public enum Format {
        /** {@code @auth/core} 0.x, i.e. next-auth v5 and the other Auth.js frameworks. */
        AUTHJS(SessionCookieChunks.AUTHJS_CHUNK_SIZE),
        /** next-auth v4. */
        NEXTAUTH_V4(SessionCookieChunks.NEXTAUTH_V4_CHUNK_SIZE);

        private final int chunkSize;

        Format(int chunkSize) {
            this.chunkSize = chunkSize;
        }

        /** Longest cookie value this Auth.js writes before splitting it into chunks. */
        public int chunkSize() {
            return chunkSize;
        }
    }

    /** Auth.js's {@code clockTolerance} for {@code exp} and {@code nbf}. */
    public static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(15);
    /** Auth.js's default {@code maxAge}: 30 days. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    /** Longer tokens are refused before any parsing (64 chunks of Auth.js's size). */
    static final int MAX_TOKEN_LENGTH = SessionCookieChunks.MAX_CHUNKS * SessionCookieChunks.AUTHJS_CHUNK_SIZE;

    /** One derived key: its thumbprint (Auth.js's {@code kid}) and the JOSE objects using it. */
    private record Key(String kid, JWEEncrypter encrypter, JWEDecrypter decrypter) {
        @Override
        public String toString() {
            return "Key[<redacted>]";
        }
    }

    private final Format format;
    private final String cookieName;
    private final Clock clock;
    private final List<String> secrets;
    /** Per secret, in order: the A256CBC-HS512 key (AUTHJS only) and the A256GCM key. */
    private final List<Key> cbcKeys;
    private final List<Key> gcmKeys;

    private AuthJsJwt(Builder b) {
        this.format = Objects.requireNonNull(b.format, "format");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        if (b.secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed");
        }
        if (format == Format.AUTHJS && (b.cookieName == null || b.cookieName.isEmpty())) {
            throw new IllegalArgumentException("the cookie name is needed: Auth.js derives the key from it "
                    + "(authjs.session-token, or __Secure-authjs.session-token over https)");
        }
        this.cookieName = b.cookieName;
        this.secrets = b.secrets;
        List<Key> cbc = new ArrayList<>();
        List<Key> gcm = new ArrayList<>();
        for (String secret : b.secrets) {
            if (format == Format.AUTHJS) {
                String info = "Auth.js Generated Encryption Key (" + cookieName + ")";
                cbc.add(key(derive(secret, cookieName, info, 64), "SHA-512"));
                gcm.add(key(derive(secret, cookieName, info, 32), "SHA-256"));
            } else {
                gcm.add(key(derive(secret, "", "NextAuth.js Generated Encryption Key", 32), "SHA-256"));
            }
        }
        this.cbcKeys = List.copyOf(cbc);
        this.gcmKeys = List.copyOf(gcm);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The token's claims, or empty when it is not a live token of this format, cookie name and secrets.
     * Never throws for any input.
     */
    public Optional<AuthJsToken> decode(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        try {
            Map<String, Object> rawHeader = JoseRules.protectedHeader(token);
            JWEObject parsed = JWEObject.parse(token);
            JWEHeader header = parsed.getHeader();
            if (rawHeader == null || !JWEAlgorithm.DIR.equals(header.getAlgorithm())
                    || header.getCompressionAlgorithm() != null || !JoseRules.ivAndTagLengths(parsed)) {
                return Optional.empty();
            }
            for (Key key : candidates(header)) {
                JWEObject jwe = JWEObject.parse(token);
                try {
                    jwe.decrypt(key.decrypter());
                } catch (JOSEException e) {
                    continue; // another secret's key (v4 tokens name none), or tampered with
                }
                Map<String, Object> claims = JoseRules.claims(jwe.getPayload().toBytes());
                if (claims == null || !JoseRules.replicatedClaimsMatch(rawHeader, claims) || !live(claims)) {
                    return Optional.empty();
                }
                return Optional.of(new AuthJsToken(claims));
            }
            return Optional.empty();
        } catch (java.text.ParseException | RuntimeException e) {
            // malformed: all the same to the caller, and never logged (the message may quote the token)
            return Optional.empty();
        }
    }

    /**
     * The keys to try, as Auth.js chooses them: the one whose thumbprint is the header's {@code kid}; without a
     * {@code kid}, the first secret's (Auth.js) or each secret's in turn (next-auth v4, which never writes one).
     */
    private List<Key> candidates(JWEHeader header) {
        EncryptionMethod enc = header.getEncryptionMethod();
        List<Key> keys;
        if (EncryptionMethod.A256CBC_HS512.equals(enc) && format == Format.AUTHJS) {
            keys = cbcKeys;
        } else if (EncryptionMethod.A256GCM.equals(enc)) {
            keys = gcmKeys;
        } else {
            return List.of();
        }
        String kid = header.getKeyID();
        if (kid == null) {
            return format == Format.AUTHJS ? List.of(keys.get(0)) : keys;
        }
        for (Key k : keys) {
            if (k.kid().equals(kid)) {
                return List.of(k);
            }
        }
        return List.of();
    }

    /**
     * A cookie value Auth.js decodes: the claims plus {@code iat} = now, {@code exp} = now + maxAge and a
     * random {@code jti} (replacing any the caller passed, as Auth.js does). Claim values must be JSON:
     * String, Number, Boolean, null, List or Map of those.
     */
    public String encode(Map<String, ?> claims, Duration maxAge) {
        Objects.requireNonNull(claims, "claims");
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : claims.entrySet()) {
            checkJson(e.getKey(), e.getValue());
            payload.put(e.getKey(), e.getValue());
        }
        long now = nowSeconds();
        payload.put("iat", now);
        payload.put("exp", now + maxAge.toSeconds());
        payload.put("jti", UUID.randomUUID().toString());
        Key key;
        JWEHeader header;
        if (format == Format.AUTHJS) {
            key = cbcKeys.get(0);
            header = new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256CBC_HS512).keyID(key.kid()).build();
        } else {
            key = gcmKeys.get(0);
            header = new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM).build();
        }
        JWEObject jwe = new JWEObject(header, new Payload(payload));
        try {
            jwe.encrypt(key.encrypter());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encrypt the session token (" + e.getClass().getSimpleName() + ")");
        }
        return jwe.serialize();
    }

    /** The format this instance reads and writes. */
    public Format format() {
        return format;
    }

    /** The cookie name the key is derived from ({@code null} for next-auth v4, whose key has no salt). */
    public String cookieName() {
        return cookieName;
    }

    /** The same secrets, clock and format for another cookie name (e.g. the {@code __Secure-} one). */
    public AuthJsJwt forCookieName(String name) {
        return builder().format(format).secrets(secrets).clock(clock).cookieName(name).build();
    }

    private long nowSeconds() {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    /** Auth.js (jose) checks: exp and nbf with 15 s of tolerance; iat, exp, nbf, if present (null too), must be numbers. */
    private boolean live(Map<String, Object> claims) {
        long now = nowSeconds();
        long tolerance = CLOCK_TOLERANCE.toSeconds();
        if (!JoseRules.numericDates(claims)) {
            return false;
        }
        // jose accepts a token without exp; Auth.js always writes one, and a token that never expires
        // is not accepted here.
        if (!(claims.get("exp") instanceof Number exp) || exp.doubleValue() <= now - tolerance) {
            return false;
        }
        return !(claims.get("nbf") instanceof Number nbf) || nbf.doubleValue() <= now + tolerance;
    }

    private static void checkJson(String path, Object v) {
        if (v == null || v instanceof String || v instanceof Boolean) {
            return;
        }
        if (v instanceof Number n) {
            if (n instanceof Double d && !Double.isFinite(d) || n instanceof Float f && !Float.isFinite(f)) {
                throw new IllegalArgumentException("claim " + path + " is not a finite number");
            }
            return;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException("claim " + path + " has a key that is not a string");
                }
                checkJson(path + "." + k, e.getValue());
            }
            return;
        }
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                checkJson(path + "[" + i + "]", l.get(i));
            }
            return;
        }
        throw new IllegalArgumentException("claim " + path + " is a " + v.getClass().getSimpleName()
                + ", not a JSON value (String, Number, Boolean, null, List, Map)");
    }

    private static byte[] derive(String secret, String salt, String info, int length) {
        return Hkdf.sha256(secret.getBytes(StandardCharsets.UTF_8), salt.getBytes(StandardCharsets.UTF_8),
                info.getBytes(StandardCharsets.UTF_8), length);
    }

    private static Key key(byte[] bytes, String thumbprintHash) {
        try {
            String kid = new OctetSequenceKey.Builder(bytes).build().computeThumbprint(thumbprintHash).toString();
            SecretKeySpec spec = new SecretKeySpec(bytes, "AES");
            return new Key(kid, new DirectEncrypter(spec), new DirectDecrypter(spec));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot use the derived key (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        return "AuthJsJwt[format=" + format + ", cookieName=" + cookieName + ", secrets=" + secrets.size() + "]";
    }

    /** Options; {@link #secrets} and, for {@link Format#AUTHJS}, {@link #cookieName} are required. */
    public static final class Builder {
        private Format format = Format.AUTHJS;
        private String cookieName;
        private List<String> secrets = List.of();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder format(Format format) {
            this.format = format;
            return this;
        }

        /** The session cookie's name, the key's salt: {@code authjs.session-token} or {@code __Secure-authjs.session-token}. */
        public Builder cookieName(String cookieName) {
            this.cookieName = cookieName;
            return this;
        }

        /** Auth.js's {@code secret}: the first encodes, any decodes (rotation). */
        public Builder secrets(List<String> secrets) {
            List<String> copy = new ArrayList<>();
            for (String s : Objects.requireNonNull(secrets, "secrets")) {
                if (s == null || s.isEmpty()) {
                    throw new IllegalArgumentException("a secret must not be empty");
                }
                copy.add(s);
            }
            this.secrets = List.copyOf(copy);
            return this;
        }

        public Builder secrets(String... secrets) {
            return secrets(List.of(secrets));
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public AuthJsJwt build() {
            return new AuthJsJwt(this);
        }

        @Override
        public String toString() {
            return "AuthJsJwt.Builder[format=" + format + ", cookieName=" + cookieName + ", secrets=" + secrets.size() + "]";
        }
    }
}
