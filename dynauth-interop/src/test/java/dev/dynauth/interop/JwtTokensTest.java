package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.jwt.AuthJsToken;
import dev.dynauth.jwt.SessionCookieChunks;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: Auth.js JWT session tokens between dynauth-jwt and the real packages, {@code @auth/core}
 * 0.41.3 ({@code encode}/{@code decode}/{@code getToken} of {@code @auth/core/jwt}) and next-auth 4.24.15
 * ({@code next-auth/jwt}), in both directions, including every refusal.
 */
class JwtTokensTest extends InteropBase {

    static final String COOKIE = "authjs.session-token";
    static final String SECURE_COOKIE = "__Secure-authjs.session-token";

    static Map<String, Object> sampleClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("name", "Ada Lovelace");
        claims.put("email", "ada@example.com");
        claims.put("picture", "https://example.com/ada.png");
        claims.put("sub", "user-ada");
        claims.put("roles", List.of("admin", "ops"));
        claims.put("tenant", Map.of("id", 7L, "ratio", new BigDecimal("0.25"), "on", true));
        claims.put("note", "ünïcødé ✓");
        return claims;
    }

    static AuthJsJwt v5(String cookie, String... secrets) {
        return AuthJsJwt.builder().cookieName(cookie).secrets(secrets).build();
    }

    static AuthJsJwt v4(String... secrets) {
        return AuthJsJwt.builder().format(AuthJsJwt.Format.NEXTAUTH_V4).secrets(secrets).build();
    }

    static String nodeEncode(String version, Map<String, Object> token, Object secret, String salt, long maxAge) {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("op", "jwtEncode");
        cmd.put("version", version);
        cmd.put("token", token);
        cmd.put("secret", secret);
        if (salt != null) {
            cmd.put("salt", salt);
        }
        cmd.put("maxAge", maxAge);
        return (String) node.call(cmd);
    }

    /** Node's decode: the claims, or null when it refused (the reason in {@code refused}). */
    static Map<String, Object> nodeDecode(String version, String token, Object secret, String salt) {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("version", version);
        cmd.put("token", token);
        cmd.put("secret", secret);
        if (salt != null) {
            cmd.put("salt", salt);
        }
        Map<String, Object> answer = node.op("jwtDecode", cmd);
        return answer.containsKey("claims") ? map(answer.get("claims")) : null;
    }

    /** Numbers as BigDecimal all the way down, so Java's Long/Double and Node's Long/BigDecimal compare. */
    static Object normal(Object v) {
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, normal(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(normal(x)));
            return out;
        }
        return v;
    }

    static void assertSameClaims(Map<String, Object> expected, Map<String, Object> actual) {
        assertNotNull(actual, "decoded");
        assertEquals(normal(expected), normal(actual));
    }

    @Test
    void authJsAndNextAuthV4TokensDecodeToTheSameClaimsInDynauth() {
        String secret = "interop-" + SECRET;
        for (String cookie : List.of(COOKIE, SECURE_COOKIE)) {
            String token = nodeEncode("v5", sampleClaims(), secret, cookie, 3600);
            Map<String, Object> byNode = nodeDecode("v5", token, secret, cookie);
            AuthJsToken byDynauth = v5(cookie, secret).decode(token).orElseThrow(() -> new AssertionError("dynauth refused " + cookie));
            assertSameClaims(byNode, byDynauth.claims());
            assertEquals(Optional.of("user-ada"), byDynauth.subject());
            assertTrue(byDynauth.claims().keySet().containsAll(List.of("iat", "exp", "jti")));
        }
        String v4token = nodeEncode("v4", sampleClaims(), secret, null, 3600);
        AuthJsToken byDynauth = v4(secret).decode(v4token).orElseThrow();
        assertSameClaims(nodeDecode("v4", v4token, secret, null), byDynauth.claims());
        // the same secret's v5 reader does not take a v4 token, nor the reverse
        assertEquals(Optional.empty(), v5(COOKIE, secret).decode(v4token));
    }

    @Test
    void dynauthTokensDecodeToTheSameClaimsInAuthJsAndNextAuthV4() {
        String secret = "interop-" + SECRET;
        for (String cookie : List.of(COOKIE, SECURE_COOKIE)) {
            String token = v5(cookie, secret).encode(sampleClaims(), Duration.ofDays(30));
            Map<String, Object> byNode = nodeDecode("v5", token, secret, cookie);
            assertSameClaims(v5(cookie, secret).decode(token).orElseThrow().claims(), byNode);
            Map<String, Object> expected = new LinkedHashMap<>(sampleClaims());
            expected.keySet().removeAll(List.of("iat", "exp", "jti"));
            Map<String, Object> nodeWithout = new LinkedHashMap<>(byNode);
            nodeWithout.keySet().removeAll(List.of("iat", "exp", "jti"));
            assertSameClaims(expected, nodeWithout);
        }
        String v4token = v4(secret).encode(sampleClaims(), Duration.ofDays(30));
        assertSameClaims(v4(secret).decode(v4token).orElseThrow().claims(), nodeDecode("v4", v4token, secret, null));
    }

    @Test
    void wrongSecretTamperingExpiryAndWrongCookieNameAreRefusedOnBothSides() {
        String secret = "interop-" + SECRET;
        String other = "another-" + SECRET;
        long past = -3600;
        for (String version : List.of("v5", "v4")) {
            boolean five = version.equals("v5");
            AuthJsJwt right = five ? v5(COOKIE, secret) : v4(secret);
            AuthJsJwt wrongSecret = five ? v5(COOKIE, other) : v4(other);
            // made by Node, read by dynauth
            String good = nodeEncode(version, sampleClaims(), secret, five ? COOKIE : null, 3600);
            assertTrue(right.decode(good).isPresent(), version + ": the control is accepted");
            assertEquals(Optional.empty(), wrongSecret.decode(good), version + ": wrong secret");
            assertEquals(Optional.empty(), right.decode(tamper(good)), version + ": tampered ciphertext");
            assertEquals(Optional.empty(), right.decode(nodeEncode(version, sampleClaims(), secret, five ? COOKIE : null, past)),
                    version + ": expired");
            if (five) {
                assertEquals(Optional.empty(), v5(SECURE_COOKIE, secret).decode(good), "wrong cookie name (salt)");
            }
            // made by dynauth, read by Node
            String mine = right.encode(sampleClaims(), Duration.ofHours(1));
            String salt = five ? COOKIE : null;
            assertNotNull(nodeDecode(version, mine, secret, salt), version + ": the control is accepted by Node");
            assertNull(nodeDecode(version, mine, other, salt), version + ": wrong secret");
            assertNull(nodeDecode(version, tamper(mine), secret, salt), version + ": tampered ciphertext");
            AuthJsJwt hourAgo = (five ? AuthJsJwt.builder().cookieName(COOKIE) : AuthJsJwt.builder().format(AuthJsJwt.Format.NEXTAUTH_V4))
                    .secrets(secret).clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-2))).build();
            assertNull(nodeDecode(version, hourAgo.encode(sampleClaims(), Duration.ofHours(1)), secret, salt), version + ": expired");
            if (five) {
                assertNull(nodeDecode(version, mine, secret, SECURE_COOKIE), "wrong cookie name (salt)");
            }
        }
    }

    @Test
    void secretRotationBothWays() {
        String oldSecret = "old-" + SECRET;
        String newSecret = "new-" + SECRET;
        // Node rotated (new first): its new tokens are read by dynauth with the new secret, in either position
        String nodeNew = nodeEncode("v5", sampleClaims(), List.of(newSecret, oldSecret), COOKIE, 3600);
        assertTrue(v5(COOKIE, newSecret, oldSecret).decode(nodeNew).isPresent());
        assertTrue(v5(COOKIE, oldSecret, newSecret).decode(nodeNew).isPresent(), "the kid picks the key, not the order");
        assertEquals(Optional.empty(), v5(COOKIE, oldSecret).decode(nodeNew), "not yet rotated: refused");
        // dynauth rotated: old Node tokens still decode, new dynauth tokens decode in Node with the new secret
        String nodeOld = nodeEncode("v5", sampleClaims(), oldSecret, COOKIE, 3600);
        assertTrue(v5(COOKIE, newSecret, oldSecret).decode(nodeOld).isPresent());
        String mine = v5(COOKIE, newSecret, oldSecret).encode(sampleClaims(), Duration.ofHours(1));
        assertNotNull(nodeDecode("v5", mine, List.of(newSecret, oldSecret), COOKIE));
        assertNotNull(nodeDecode("v5", mine, List.of(oldSecret, newSecret), COOKIE));
        assertNull(nodeDecode("v5", mine, oldSecret, COOKIE), "encoded with the first secret, not the old one");
    }

    @Test
    void authJsBuildsItsSecretListFromTheEnvironmentHighestNumberFirst() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("AUTH_SECRET", "s0");
        env.put("AUTH_SECRET_1", "s1");
        env.put("AUTH_SECRET_2", "s2");
        env.put("AUTH_SECRET_3", "s3");
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("op", "envSecrets");
        cmd.put("env", env);
        assertEquals(List.of("s3", "s2", "s1", "s0"), node.call(cmd), "@auth/core's setEnvDefaults");
    }

    @Test
    void chunkedCookiesDynauthWritesAreJoinedByAuthJsGetToken() {
        String secret = "interop-" + SECRET;
        Map<String, Object> claims = sampleClaims();
        claims.put("padding", "x".repeat(9000));
        String token = v5(COOKIE, secret).encode(claims, Duration.ofHours(1));
        List<SessionCookieChunks.Chunk> chunks = SessionCookieChunks.split(COOKIE, token, AuthJsJwt.Format.AUTHJS.chunkSize());
        assertTrue(chunks.size() >= 3, "a token past 4096 - 160 characters is chunked: " + chunks);
        Map<String, Object> jar = new LinkedHashMap<>();
        // in reverse on purpose: Auth.js sorts by the number
        for (int i = chunks.size() - 1; i >= 0; i--) {
            jar.put(chunks.get(i).name(), chunks.get(i).value());
        }
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("cookies", jar);
        cmd.put("secret", secret);
        Map<String, Object> answer = node.op("getToken", cmd);
        assertSameClaims(v5(COOKIE, secret).decode(token).orElseThrow().claims(), map(answer.get("claims")));

        Map<String, String> back = new LinkedHashMap<>();
        jar.forEach((k, v) -> back.put(k, (String) v));
        assertEquals(Optional.of(token), SessionCookieChunks.read(COOKIE, back));
    }

    /** Flips one character in the middle of the ciphertext (the fourth part). */
    static String tamper(String token) {
        String[] p = token.split("\\.", -1);
        char[] c = p[3].toCharArray();
        int i = c.length / 2;
        c[i] = c[i] == 'A' ? 'B' : 'A';
        p[3] = new String(c);
        return String.join(".", Arrays.asList(p));
    }
}
