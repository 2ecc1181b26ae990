package dev.dynauth.jwt;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What jose ({@code jwtDecrypt}, as {@code @auth/core} 0.41.3 calls it) refuses and Nimbus alone would accept.
 * Nimbus reads the protected header into typed fields (it knows {@code iss}, {@code sub}, {@code aud} as
 * registered header parameters, so they never reach {@code getCustomParam}), decodes the payload with U+FFFD
 * replacements and lets a JSON {@code null} pass as an absent claim; these rules look at the raw header JSON
 * and the raw plaintext bytes instead.
 */
final class JoseRules {

    private JoseRules() {
    }

    /**
     * The protected header as JSON, or null when jose would refuse it before decrypting: not a JSON object,
     * any {@code crit} (jose understands no extension for JWE, and {@code b64} is a JWS extension).
     */
    static Map<String, Object> protectedHeader(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(token.substring(0, dot));
            Map<String, Object> header = JSONObjectUtils.parse(strictUtf8(json));
            return header.containsKey("crit") ? null : header;
        } catch (java.text.ParseException | IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    /** jose's {@code checkIvLength} and tag length: 96-bit IV and 128-bit tag for GCM, 128-bit IV and 256-bit tag for CBC-HS512. */
    static boolean ivAndTagLengths(JWEObject jwe) {
        EncryptionMethod enc = jwe.getHeader().getEncryptionMethod();
        if (jwe.getIV() == null || jwe.getAuthTag() == null) {
            return false;
        }
        int iv = jwe.getIV().decode().length;
        int tag = jwe.getAuthTag().decode().length;
        if (EncryptionMethod.A256GCM.equals(enc)) {
            return iv == 12 && tag == 16;
        }
        if (EncryptionMethod.A256CBC_HS512.equals(enc)) {
            return iv == 16 && tag == 32;
        }
        return false;
    }

    /** The claims, or null unless the plaintext is valid UTF-8 (jose's fatal decoder) holding a JSON object. */
    static Map<String, Object> claims(byte[] plaintext) {
        try {
            return JSONObjectUtils.parse(strictUtf8(plaintext));
        } catch (java.text.ParseException | CharacterCodingException | RuntimeException e) {
            return null;
        }
    }

    /**
     * jose's {@code validateNumericDate}: {@code iat}, {@code nbf} and {@code exp}, when present at all (a JSON
     * {@code null} included), must be finite numbers.
     */
    static boolean numericDates(Map<String, Object> claims) {
        for (String k : new String[] {"iat", "nbf", "exp"}) {
            if (claims.containsKey(k) && !(claims.get(k) instanceof Number n && Double.isFinite(n.doubleValue()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * jose's {@code jwtDecrypt}: {@code iss}, {@code sub}, {@code aud} repeated in the protected header must equal
     * the claims ({@code aud} compared as JSON). Only strings (and, for {@code aud}, lists of strings) are compared;
     * anything else in the header is refused.
     */
    static boolean replicatedClaimsMatch(Map<String, Object> header, Map<String, Object> claims) {
        for (String k : new String[] {"iss", "sub", "aud"}) {
            if (!header.containsKey(k)) {
                continue;
            }
            Object h = header.get(k);
            boolean comparable = h instanceof String
                    || k.equals("aud") && h instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
            if (!comparable || !h.equals(claims.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
