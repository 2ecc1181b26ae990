package dev.dynauth.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Known answers made by the real packages (interop/node_modules: @auth/core 0.41.3 {@code encode} and
 * next-auth 4.24.15 {@code encode}, claims below, maxAge 3600 s, at {@link #ISSUED}); the interoperability
 * tests in dynauth-interop check the same against the live packages in both directions.
 */
class AuthJsJwtTest {

    static final long ISSUED = 1796393130L;
    static final String COOKIE = "authjs.session-token";
    /** @auth/core encode, secret "s3cret-one", salt authjs.session-token. */
    static final String V5 = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoidlMta2Y4dWhJbFhWR2Mxa0U2U3hkQnZtRG41NDJKVi04LXNhbXNBWlpGUDQwSE0zbVRHbWE0V19SQ1JzRnB1RUxKWlBsWnR1WnVCV0puSG83THIzOWcifQ..sLXi5BZwK4BHksMSz7qEUw.BDJGSUGDvAYwxLQvOa30QiDlVZ8pxPKx2xYPxrgwhEDNsBnxr8tLVx1huI6zZI_psqq9i80atx3WgyBx6a79fTOTQsdbvN8fJx7c28tFRGKUs7WRDmxqG6Lxlspq5tYdmDmWiNWPXkpzlNzylpeY_vQWAkiFE6sPY23kGr6pIjhLp2CxCbVP7lPkkTF2BxDccVJJ8cwTvguzy11nti2Hc-jH0214voJ8aD8sonNcg2lnE_IZxY7D8z4jdav3BVUVFDT7AD9B06xOfRrPl4qeHvrpxvKEJVb5W4pmyAKo5fQGy3VjDmdsRzlzGWgVLl_z.JOgu2uPu2Za5udo4ojyRmgj_2ndKRbWiKe9iD-rvFt4";
    /** @auth/core encode, secret ["s3cret-two", "s3cret-one"], salt __Secure-authjs.session-token. */
    static final String V5_ROTATED_SECURE = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoiV0RWUU9sYUpWa296OVlfZUpxV045VWxCajhhb0pibkxvMUVkbF9oU2pFVDBsZnhsS1NVR1k1Nms5ZENHb050VlZIZ2lacThRXzBmSXE4cFVpRTJYZ3cifQ..e8KHomfvxwzrcM-zfD93ag.rekCdjQBW8bF32pHcrfencytECLt-YfXWuD9B5_MwAiBYEfBghIcTNjytKcpkjTJgZSvt-q73ZAkpISdVzCvx3xpQK8cBt_yIRlGVMuYSjh8Mu5rEpYIXM-uyyRcNFzsRxhvEX9HpEDDdQiQl2wCDlPuYVYAXPXcia-AFqBlamOjxb36AIhYsmEV_SgKZrd_5K0pR04FcBJ9aNEqwpCuHTIxGKG2whMalZBcEpjyPrN6b-4c7qsnYBrTLG6TiDbjqZkRVyx479WadQEOVhjW8usOEetAdVNLc1UOWHxOtKuLLJ9kj-6OQLNkJ5Gg_zfX.6ppsM_RvAQF_EQShgK3gQJwX2--GryVJkJ8aa9INYrs";
    /** next-auth v4 encode, secret "s3cret-one". */
    static final String V4 = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..Yr9duu2Pl0SKW0OE.y2TvwrRlDXkXlf5QjT4dy-bTDIsgcdMUMxWDgs9p-9iFzhzrfNoka9-6UhNPbndbqsTSG6OJQHhN3tTkOsV4RP1_rTE4lNWTKrwOG5MYotb0txqioTkAsxm2mUSnYoXt8PZp7Uo4vipamRwkVR87BWOwAlvB6or7xJGSAc1ftW4lVW11M4RrmaUnMbs8_CqRTkOHdPws7cXkEP6DYtzggSBrRR0DDxIi-WIvq8ZsPyRu0VGcYkfvx2iSSIfS7-VCDT5Gtg3lSe0vzbXOLNI4KBtyvM9LOunkFyuXFdrnYrsJuUXIe31U9KYp920xuQ.-o4Ijyn2ccH8WHYXtC9_AQ";

    static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    static AuthJsJwt v5(long now, String cookie, String... secrets) {
        return AuthJsJwt.builder().cookieName(cookie).secrets(secrets).clock(at(now)).build();
    }

    static AuthJsJwt v4(long now, String... secrets) {
        return AuthJsJwt.builder().format(AuthJsJwt.Format.NEXTAUTH_V4).secrets(secrets).clock(at(now)).build();
    }

    static void assertSampleClaims(AuthJsToken t) {
        assertEquals(Optional.of("user-1"), t.subject());
        assertEquals(Optional.of("Grace Hopper"), t.name());
        assertEquals(Optional.of("grace@example.com"), t.email());
        assertEquals(Optional.of("https://example.com/g.png"), t.picture());
        assertEquals(Optional.of("admin"), t.claim("role"));
        assertEquals(42L, t.claims().get("n"));
        assertEquals(Map.of("a", Arrays.asList(1L, "x", true, null)), t.claims().get("nested"));
        assertEquals(Optional.of(Instant.ofEpochSecond(ISSUED)), t.issuedAt());
        assertEquals(Instant.ofEpochSecond(ISSUED + 3600), t.expiresAt());
        assertTrue(t.jti().orElseThrow().matches("[0-9a-f-]{36}"), "a random UUID");
    }

    @Test
    void decodesAuthJsAndNextAuthV4TokensMadeByThePackages() {
        assertSampleClaims(v5(ISSUED + 60, COOKIE, "s3cret-one").decode(V5).orElseThrow());
        assertSampleClaims(v5(ISSUED + 60, "__Secure-" + COOKIE, "s3cret-one", "s3cret-two").decode(V5_ROTATED_SECURE).orElseThrow());
        assertSampleClaims(v5(ISSUED + 60, "__Secure-" + COOKIE, "s3cret-two").decode(V5_ROTATED_SECURE).orElseThrow());
        assertSampleClaims(v4(ISSUED + 60, "s3cret-one").decode(V4).orElseThrow());
        assertSampleClaims(v4(ISSUED + 60, "other", "s3cret-one").decode(V4).orElseThrow());
    }

    @Test
    void refusesAnotherSecretCookieNameOrFormat() {
        assertEquals(Optional.empty(), v5(ISSUED, COOKIE, "s3cret-two").decode(V5), "wrong secret");
        assertEquals(Optional.empty(), v5(ISSUED, "__Secure-" + COOKIE, "s3cret-one").decode(V5), "wrong cookie name (salt)");
        assertEquals(Optional.empty(), v5(ISSUED, COOKIE, "s3cret-one", "s3cret-two").decode(V5_ROTATED_SECURE),
                "right secrets, wrong salt");
        assertEquals(Optional.empty(), v4(ISSUED, "s3cret-two").decode(V4));
        assertEquals(Optional.empty(), v4(ISSUED, "s3cret-one").decode(V5), "v4 reads no A256CBC-HS512");
        assertEquals(Optional.empty(), v5(ISSUED, COOKIE, "s3cret-one").decode(V4), "other key derivation");
    }

    @Test
    void expiryHas15SecondsOfToleranceAsJose() {
        long exp = ISSUED + 3600;
        assertTrue(v5(exp + 14, COOKIE, "s3cret-one").decode(V5).isPresent());
        // jose: expired when exp <= now - tolerance
        assertEquals(Optional.empty(), v5(exp + 15, COOKIE, "s3cret-one").decode(V5));
        assertEquals(Optional.empty(), v4(exp + 15, "s3cret-one").decode(V4));
        assertTrue(v4(exp + 14, "s3cret-one").decode(V4).isPresent());
    }

    @Test
    void refusesTamperedTokensAndGarbageWithoutThrowing() {
        AuthJsJwt jwt = v5(ISSUED, COOKIE, "s3cret-one");
        String[] parts = V5.split("\\.");
        for (int p : new int[] {2, 3, 4}) {
            String[] copy = parts.clone();
            char c = copy[p].charAt(5);
            copy[p] = copy[p].substring(0, 5) + (c == 'A' ? 'B' : 'A') + copy[p].substring(6);
            assertEquals(Optional.empty(), jwt.decode(String.join(".", copy)), "part " + p + " changed");
        }
        // a header without kid, or with alg none, or compression, or an unknown enc
        for (String header : List.of("{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"zip\":\"DEF\"}",
                "{\"alg\":\"none\",\"enc\":\"A256CBC-HS512\"}", "{\"alg\":\"dir\",\"enc\":\"A128GCM\"}",
                "{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"kid\":\"nope\"}")) {
            String forged = b64(header) + V5.substring(V5.indexOf('.'));
            assertEquals(Optional.empty(), jwt.decode(forged), header);
        }
        for (String garbage : new String[] {null, "", "x", "a.b.c.d.e", "....", "%%%%.%.%.%.%", V5 + ".", "x".repeat(300_000)}) {
            assertEquals(Optional.empty(), jwt.decode(garbage));
        }
    }

    @Test
    void encodesWhatItDecodesWithRegisteredClaimsSetAsAuthJs() {
        AuthJsJwt jwt = v5(ISSUED, COOKIE, "k1");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "u-7");
        claims.put("email", "a@b.c");
        claims.put("iat", 1L);
        claims.put("jti", "mine");
        claims.put("list", List.of(1, 2.5, "x"));
        String token = jwt.encode(claims, Duration.ofDays(30));
        assertEquals(5, token.split("\\.", -1).length);
        String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"A256CBC-HS512\"") && header.contains("\"dir\"") && header.contains("\"kid\""), header);
        AuthJsToken t = jwt.decode(token).orElseThrow();
        assertEquals(Optional.of("u-7"), t.subject());
        assertEquals(Optional.of(Instant.ofEpochSecond(ISSUED)), t.issuedAt(), "iat is now, not the caller's");
        assertEquals(Instant.ofEpochSecond(ISSUED).plus(Duration.ofDays(30)), t.expiresAt());
        assertNotEquals(Optional.of("mine"), t.jti());
        assertEquals(List.of(1L, 2.5, "x"), t.claims().get("list"));
        assertEquals(Map.of("sub", "u-7", "email", "a@b.c", "list", List.of(1L, 2.5, "x")), t.payload());
        assertNotEquals(token, jwt.encode(claims, Duration.ofDays(30)), "a fresh IV and jti each time");

        AuthJsJwt four = v4(ISSUED, "k1");
        String v4token = four.encode(claims, Duration.ofHours(1));
        assertTrue(new String(Base64.getUrlDecoder().decode(v4token.substring(0, v4token.indexOf('.'))), StandardCharsets.UTF_8)
                .equals("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}") || !v4token.contains("kid"));
        assertEquals(Optional.of("u-7"), four.decode(v4token).orElseThrow().subject());
    }

    @Test
    void rotationEncodesWithTheFirstSecretAndDecodesWithAny() {
        String byOld = v5(ISSUED, COOKIE, "old").encode(Map.of("sub", "u"), Duration.ofHours(1));
        AuthJsJwt rotated = v5(ISSUED, COOKIE, "new", "old");
        assertTrue(rotated.decode(byOld).isPresent(), "a token of the previous secret still decodes");
        String byNew = rotated.encode(Map.of("sub", "u"), Duration.ofHours(1));
        assertTrue(v5(ISSUED, COOKIE, "new").decode(byNew).isPresent(), "and new ones use the first secret");
        assertEquals(Optional.empty(), v5(ISSUED, COOKIE, "old").decode(byNew));

        String v4Old = v4(ISSUED, "old").encode(Map.of("sub", "u"), Duration.ofHours(1));
        assertTrue(v4(ISSUED, "new", "old").decode(v4Old).isPresent(), "v4 tokens name no key: each secret is tried");
    }

    @Test
    void aTokenWithoutExpiryOrWithNonNumericTimesIsRefused() {
        AuthJsJwt jwt = v5(ISSUED, COOKIE, "k");
        // encode() always sets exp; a token with a string exp can only be made by hand
        assertTrue(jwt.decode(jwt.encode(Map.of("nbf", ISSUED + 10), Duration.ofHours(1))).isPresent(), "nbf within tolerance");
        assertEquals(Optional.empty(), jwt.decode(jwt.encode(Map.of("nbf", ISSUED + 16), Duration.ofHours(1))), "not yet valid");
        assertEquals(Optional.empty(), jwt.decode(jwt.encode(Map.of("nbf", "soon"), Duration.ofHours(1))));
    }

    @Test
    void nothingSecretInToStringOrErrors() {
        AuthJsJwt jwt = v5(ISSUED, COOKIE, "very-secret-value");
        assertFalse(jwt.toString().contains("very-secret-value"), jwt.toString());
        AuthJsToken t = jwt.decode(jwt.encode(Map.of("sub", "u", "email", "e@x.y"), Duration.ofHours(1))).orElseThrow();
        assertFalse(t.toString().contains("e@x.y"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> jwt.encode(Map.of("when", Instant.now()), Duration.ofHours(1)));
        assertTrue(e.getMessage().contains("when"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AuthJsJwt.builder().secrets("s").build(), "cookie name needed");
        assertThrows(IllegalArgumentException.class, () -> AuthJsJwt.builder().cookieName(COOKIE).build(), "secret needed");
        assertThrows(IllegalArgumentException.class, () -> jwt.encode(Map.of(), Duration.ZERO));
    }

    @Test
    void forCookieNameKeepsSecretsAndClock() {
        AuthJsJwt plain = v5(ISSUED + 60, COOKIE, "s3cret-two", "s3cret-one");
        AuthJsJwt secure = plain.forCookieName("__Secure-" + COOKIE);
        assertEquals("__Secure-" + COOKIE, secure.cookieName());
        assertSampleClaims(secure.decode(V5_ROTATED_SECURE).orElseThrow());
        assertSampleClaims(plain.decode(V5).orElseThrow());
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        AuthJsJwt jwt = v5(ISSUED + 60, COOKIE, "s3cret-one");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        String sub = "u" + id + "-" + i;
                        if (!jwt.decode(jwt.encode(Map.of("sub", sub), Duration.ofHours(1))).flatMap(AuthJsToken::subject)
                                .equals(Optional.of(sub)) || jwt.decode(V5).isEmpty()) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
