package dev.dynauth.jwt;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA-256 (RFC 5869), as {@code @panva/hkdf} computes it for Auth.js. Java 17 has no HKDF
 * API (the KDF API arrives in Java 24), so this is the RFC's extract-and-expand over the JDK's
 * {@code HmacSHA256}: no cipher is implemented here. Checked against the RFC's test vectors and against
 * the real packages through the tokens they produce.
 */
final class Hkdf {

    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length <= 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA-256 output length must be 1.." + 255 * HASH_LENGTH);
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            // RFC 5869 2.2: an absent salt is HashLen zero bytes (HMAC would pad an empty key the same way,
            // but SecretKeySpec refuses empty keys).
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH_LENGTH] : salt, HMAC));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, HMAC));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
