package dev.dynauth.spring;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A minimal software passkey (ES256, "none" attestation) for tests: builds the JSON Spring Security's
 * passkey endpoints receive from {@code navigator.credentials.create/get}.
 */
public final class SoftwareAuthenticator {

    private final KeyPair keys;
    final byte[] credentialId = new byte[32];
    private final String rpId;
    private final String origin;
    private int counter;
    /** A synced passkey: its signature counter stays 0. */
    boolean synced;
    /** The client data's {@code type} of a registration (hostile tests change it). */
    String createType = "webauthn.create";
    /** The registration's flags: user present, user verified, backup eligible, attested credential data. */
    int createFlags = 0x01 | 0x04 | 0x08 | 0x40;

    public SoftwareAuthenticator(String rpId, String origin) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        keys = g.generateKeyPair();
        new java.security.SecureRandom().nextBytes(credentialId);
        credentialId[0] = (byte) 0xfb; // '+' and '/' in standard base64
        this.rpId = rpId;
        this.origin = origin;
    }

    static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The body of {@code POST /webauthn/register} for the given challenge (base64url). */
    public String registration(String challenge, String label) throws Exception {
        byte[] clientData = clientData(createType, challenge);
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.write(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(createFlags);
        authData.write(ByteBuffer.allocate(4).putInt(counter).array());
        authData.write(new byte[16]); // AAGUID
        authData.write(ByteBuffer.allocate(2).putShort((short) credentialId.length).array());
        authData.write(credentialId);
        authData.write(coseKey());
        Cbor att = new Cbor().map(3).text("fmt").text("none").text("attStmt").map(0).text("authData").bytes(authData.toByteArray());
        String id = b64url(credentialId);
        return "{\"publicKey\":{\"credential\":{\"id\":\"" + id + "\",\"rawId\":\"" + id + "\",\"response\":{"
                + "\"attestationObject\":\"" + b64url(att.out.toByteArray()) + "\",\"clientDataJSON\":\"" + b64url(clientData)
                + "\",\"transports\":[\"internal\",\"hybrid\"]},\"type\":\"public-key\",\"clientExtensionResults\":{},"
                + "\"authenticatorAttachment\":\"platform\"},\"label\":\"" + label + "\"}}";
    }

    /** The body of {@code POST /login/webauthn} for the given challenge (base64url). */
    String assertion(String challenge, byte[] userHandle) throws Exception {
        if (!synced) {
            counter++;
        }
        byte[] clientData = clientData("webauthn.get", challenge);
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.write(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(0x01 | 0x04 | 0x08);
        authData.write(ByteBuffer.allocate(4).putInt(counter).array());
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(keys.getPrivate());
        s.update(authData.toByteArray());
        s.update(sha256(clientData));
        String id = b64url(credentialId);
        return "{\"id\":\"" + id + "\",\"rawId\":\"" + id + "\",\"response\":{\"authenticatorData\":\""
                + b64url(authData.toByteArray()) + "\",\"clientDataJSON\":\"" + b64url(clientData) + "\",\"signature\":\""
                + b64url(s.sign()) + "\",\"userHandle\":\"" + b64url(userHandle) + "\"},\"type\":\"public-key\","
                + "\"clientExtensionResults\":{},\"authenticatorAttachment\":\"platform\"}";
    }

    int counter() {
        return counter;
    }

    private byte[] clientData(String type, String challenge) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin
                + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] coseKey() {
        ECPublicKey pub = (ECPublicKey) keys.getPublic();
        return new Cbor().map(5).uint(1).uint(2).uint(3).nint(-7).nint(-1).uint(1)
                .nint(-2).bytes(fixed(pub.getW().getAffineX())).nint(-3).bytes(fixed(pub.getW().getAffineY())).out.toByteArray();
    }

    private static byte[] fixed(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    /** Just enough CBOR. */
    static final class Cbor {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private Cbor head(int major, long value) {
            if (value < 24) {
                out.write((major << 5) | (int) value);
            } else if (value < 256) {
                out.write((major << 5) | 24);
                out.write((int) value);
            } else {
                out.write((major << 5) | 25);
                out.write((int) (value >> 8));
                out.write((int) value & 0xff);
            }
            return this;
        }

        Cbor uint(long v) { return head(0, v); }
        Cbor nint(long v) { return head(1, -1 - v); }
        Cbor bytes(byte[] b) { head(2, b.length); out.writeBytes(b); return this; }
        Cbor text(String s) { byte[] b = s.getBytes(StandardCharsets.UTF_8); head(3, b.length); out.writeBytes(b); return this; }
        Cbor map(int entries) { return head(5, entries); }
    }
}
