package dev.dynauth.jwt;

import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Auth.js session tokens made by hand with the JDK's ciphers and the secret, with whatever header, payload bytes
 * and IV a test wants: the tokens a library would refuse to write (RFC 7516 compact serialisation, {@code dir},
 * A256CBC-HS512 per RFC 7518 5.2.5 or A256GCM).
 */
final class HandMadeJwe {
    private HandMadeJwe() {
    }

    /** Auth.js's key for the cookie name: 64 bytes for A256CBC-HS512, 32 for A256GCM. */
    static byte[] key(String secret, String cookieName, boolean gcm) {
        return Hkdf.sha256(secret.getBytes(StandardCharsets.UTF_8), cookieName.getBytes(StandardCharsets.UTF_8),
                ("Auth.js Generated Encryption Key (" + cookieName + ")").getBytes(StandardCharsets.UTF_8), gcm ? 32 : 64);
    }

    /** The RFC 7638 thumbprint Auth.js writes as {@code kid}. */
    static String kid(byte[] key, boolean gcm) throws Exception {
        return new OctetSequenceKey.Builder(key).build().computeThumbprint(gcm ? "SHA-256" : "SHA-512").toString();
    }

    static String token(String headerJson, byte[] payload, byte[] key, byte[] iv) throws Exception {
        String header = b64(headerJson.getBytes(StandardCharsets.UTF_8));
        byte[] aad = header.getBytes(StandardCharsets.US_ASCII);
        byte[] ciphertext;
        byte[] tag;
        if (key.length == 32) {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            gcm.updateAAD(aad);
            byte[] out = gcm.doFinal(payload);
            ciphertext = Arrays.copyOf(out, out.length - 16);
            tag = Arrays.copyOfRange(out, out.length - 16, out.length);
        } else {
            Cipher cbc = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cbc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 32, 32, "AES"), new IvParameterSpec(iv));
            ciphertext = cbc.doFinal(payload);
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, 0, 32, "HmacSHA512"));
            mac.update(aad);
            mac.update(iv);
            mac.update(ciphertext);
            mac.update(ByteBuffer.allocate(8).putLong(aad.length * 8L).array());
            tag = Arrays.copyOf(mac.doFinal(), 32);
        }
        return header + ".." + b64(iv) + "." + b64(ciphertext) + "." + b64(tag);
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
