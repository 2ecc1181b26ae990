package dev.dynauth.spring.passkey;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Auth.js stores a passkey as its credential id, COSE public key, counter and backup flags, not its
 * attestation object; Spring Security's verifier reads the key and counter out of an attestation
 * object. This rebuilds an equivalent one ({@code fmt: "none"}) from the stored fields.
 */
final class SyntheticAttestation {

    private SyntheticAttestation() {}

    static byte[] attestationObject(String rpId, byte[] credentialId, byte[] coseKey, long counter,
                                    boolean backupEligible, boolean backedUp) {
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        int flags = 0x01 | 0x04 | 0x40; // user present, user verified, attested credential data
        if (backupEligible) {
            flags |= 0x08;
        }
        if (backedUp) {
            flags |= 0x10;
        }
        authData.write(flags);
        authData.writeBytes(ByteBuffer.allocate(4).putInt((int) counter).array());
        authData.writeBytes(new byte[16]); // AAGUID unknown
        authData.writeBytes(ByteBuffer.allocate(2).putShort((short) credentialId.length).array());
        authData.writeBytes(credentialId);
        authData.writeBytes(coseKey);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 5, 3);
        text(out, "fmt");
        text(out, "none");
        text(out, "attStmt");
        head(out, 5, 0);
        text(out, "authData");
        byte[] ad = authData.toByteArray();
        head(out, 2, ad.length);
        out.writeBytes(ad);
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, b.length);
        out.writeBytes(b);
    }

    /** A CBOR item head (major type and length). */
    private static void head(ByteArrayOutputStream out, int major, long value) {
        if (value < 24) {
            out.write((major << 5) | (int) value);
        } else if (value < 0x100) {
            out.write((major << 5) | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write((major << 5) | 25);
            out.write((int) (value >> 8) & 0xff);
            out.write((int) value & 0xff);
        } else {
            out.write((major << 5) | 26);
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) value).array());
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
