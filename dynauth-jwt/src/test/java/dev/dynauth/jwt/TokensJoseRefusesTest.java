package dev.dynauth.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tokens made with the secret that jose ({@code @auth/core} 0.41.3) refuses are refused here too; each is checked
 * next to the same token made well, so that only the one defect decides.
 */
class TokensJoseRefusesTest {

    static final long NOW = 1796393130L;
    static final String COOKIE = "authjs.session-token";
    static final String SECRET = "s3cret-one";
    static final String CLAIMS = "{\"sub\":\"user-1\",\"iss\":\"https://a.example\",\"aud\":\"app\",\"iat\":" + NOW
            + ",\"exp\":" + (NOW + 3600) + ",\"jti\":\"j\"}";

    private final AuthJsJwt jwt = AuthJsJwtTest.v5(NOW, COOKIE, SECRET);
    private final byte[] cbcKey = HandMadeJwe.key(SECRET, COOKIE, false);
    private final byte[] gcmKey = HandMadeJwe.key(SECRET, COOKIE, true);

    private String header(boolean gcm, String extra) throws Exception {
        return "{\"alg\":\"dir\",\"enc\":\"" + (gcm ? "A256GCM" : "A256CBC-HS512") + "\",\"kid\":\""
                + HandMadeJwe.kid(gcm ? gcmKey : cbcKey, gcm) + "\"" + extra + "}";
    }

    private String cbc(String extraHeader, byte[] payload) throws Exception {
        return HandMadeJwe.token(header(false, extraHeader), payload, cbcKey, new byte[16]);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theHandMadeTokensDecodeWhenWellMade() throws Exception {
        assertEquals(Optional.of("user-1"), jwt.decode(cbc("", utf8(CLAIMS))).flatMap(AuthJsToken::subject));
        assertEquals(Optional.of("user-1"), jwt.decode(cbc(",\"sub\":\"user-1\",\"iss\":\"https://a.example\",\"aud\":\"app\"",
                utf8(CLAIMS))).flatMap(AuthJsToken::subject), "replicated claims that match");
        String gcm = HandMadeJwe.token(header(true, ""), utf8(CLAIMS), gcmKey, new byte[12]);
        assertTrue(jwt.decode(gcm).isPresent());
    }

    @Test
    void replicatedClaimsInTheHeaderMustEqualTheClaims() throws Exception {
        for (String h : new String[] {",\"sub\":\"admin\"", ",\"iss\":\"https://evil.example\"", ",\"aud\":\"other\"",
                ",\"aud\":[\"app\"]", ",\"sub\":null", ",\"sub\":1", ",\"iss\":{}"}) {
            assertEquals(Optional.empty(), jwt.decode(cbc(h, utf8(CLAIMS))), h);
        }
        // a header claim the payload lacks
        String noSub = CLAIMS.replace("\"sub\":\"user-1\",", "");
        assertEquals(Optional.empty(), jwt.decode(cbc(",\"sub\":\"user-1\"", utf8(noSub))));
    }

    @Test
    void nullTimeClaimsAreNotAbsentOnes() throws Exception {
        for (String claim : new String[] {"iat", "nbf"}) {
            String json = CLAIMS.replace("}", ",\"" + claim + "\":null}").replace("\"iat\":" + NOW + ",", "");
            assertEquals(Optional.empty(), jwt.decode(cbc("", utf8(json))), json);
        }
        assertEquals(Optional.empty(), jwt.decode(cbc("", utf8(CLAIMS.replace("\"iat\":" + NOW, "\"iat\":\"" + NOW + "\"")))));
    }

    @Test
    void aPayloadThatIsNotUtf8IsRefused() throws Exception {
        byte[] good = utf8(CLAIMS.replace("\"j\"", "\"jX\""));
        int x = new String(good, StandardCharsets.UTF_8).indexOf("jX") + 1;
        for (byte bad : new byte[] {(byte) 0xff, (byte) 0xc0, (byte) 0x80}) {
            byte[] payload = good.clone();
            payload[x] = bad;
            assertEquals(Optional.empty(), jwt.decode(cbc("", payload)), Integer.toHexString(bad & 0xff));
        }
        assertTrue(jwt.decode(cbc("", good)).isPresent());
    }

    @Test
    void a256gcmNeedsA96BitIv() throws Exception {
        for (int length : new int[] {1, 8, 11, 13, 16, 32}) {
            String token = HandMadeJwe.token(header(true, ""), utf8(CLAIMS), gcmKey, new byte[length]);
            assertEquals(Optional.empty(), jwt.decode(token), length + "-byte IV");
        }
        // next-auth v4 reads A256GCM too
        byte[] v4Key = Hkdf.sha256(utf8(SECRET), new byte[0], utf8("NextAuth.js Generated Encryption Key"), 32);
        AuthJsJwt v4 = AuthJsJwtTest.v4(NOW, SECRET);
        String v4Header = "{\"alg\":\"dir\",\"enc\":\"A256GCM\"}";
        assertTrue(v4.decode(HandMadeJwe.token(v4Header, utf8(CLAIMS), v4Key, new byte[12])).isPresent());
        assertEquals(Optional.empty(), v4.decode(HandMadeJwe.token(v4Header, utf8(CLAIMS), v4Key, new byte[16])));
    }

    @Test
    void anyCritHeaderIsRefused() throws Exception {
        for (String crit : new String[] {",\"crit\":[\"b64\"],\"b64\":false", ",\"crit\":[\"exp\"],\"exp\":1",
                ",\"crit\":[]", ",\"crit\":null", ",\"crit\":[\"x-unknown\"],\"x-unknown\":1"}) {
            assertEquals(Optional.empty(), jwt.decode(cbc(crit, utf8(CLAIMS))), crit);
        }
    }

    @Test
    void theStricterChoicesStay() throws Exception {
        assertEquals(Optional.empty(), jwt.decode(cbc("", utf8(CLAIMS.replace(",\"exp\":" + (NOW + 3600), "")))), "no exp");
        assertEquals(Optional.empty(), jwt.decode(cbc(",\"zip\":\"DEF\"", utf8(CLAIMS))), "zip");
        assertEquals(Optional.empty(), jwt.decode(cbc("", utf8(CLAIMS.replace("\"j\"", "\"" + "j".repeat(300_000) + "\"")))),
                "longer than 64 chunks");
    }
}
