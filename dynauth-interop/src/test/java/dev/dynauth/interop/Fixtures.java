package dev.dynauth.interop;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.VerificationToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The same entities for both sides, as Auth.js's conformance suite has them (custom model: role and
 * phone), plus a number and a boolean custom field, and an OAuth account with every token field and
 * one extra provider field. Each call gives new unique values.
 */
final class Fixtures {
    private Fixtures() {}

    /** Fractional milliseconds on purpose: {@code expires} is then stored as e.g. 1798085986.691. */
    static final Instant EMAIL_VERIFIED = Instant.parse("2025-01-02T03:04:05.678Z");

    static final class Entities {
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        final String email = "ada-" + suffix + "@example.com";
        final String providerAccountId = "gh-" + suffix;
        final String sessionToken = UUID.randomUUID().toString();
        final Instant sessionExpires = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS).plusMillis(691);
        final String identifier = email;
        final String hashedToken = sha256Hex(UUID.randomUUID() + "anything");
        final Instant tokenExpires = Instant.now().plus(Duration.ofHours(24)).truncatedTo(ChronoUnit.MILLIS);
        final long expiresAt = Instant.now().plus(Duration.ofHours(8)).getEpochSecond();

        /** The user as Auth.js passes it to createUser (no id: the npm adapter makes its own). */
        Map<String, Object> npmUser() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("email", email);
            m.put("emailVerified", EMAIL_VERIFIED);
            m.put("name", "Ada Lovelace");
            m.put("image", "https://example.com/ada-" + suffix + ".png");
            m.put("role", "admin");
            m.put("phone", "00000000000");
            m.put("loginCount", 7L);
            m.put("newsletter", true);
            return m;
        }

        AdapterUser user(String id) {
            Map<String, Object> m = npmUser();
            return AdapterUser.builder().id(id)
                    .email((String) m.remove("email"))
                    .emailVerified((Instant) m.remove("emailVerified"))
                    .name((String) m.remove("name"))
                    .image((String) m.remove("image"))
                    .attributes(m)
                    .build();
        }

        /** The account as Auth.js passes it to linkAccount (no id: the npm adapter makes its own). */
        Map<String, Object> npmAccount(String userId) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("userId", userId);
            m.put("type", "oauth");
            m.put("provider", "github");
            m.put("providerAccountId", providerAccountId);
            m.put("access_token", "gho_access_" + suffix);
            m.put("refresh_token", "ghr_refresh_" + suffix);
            m.put("id_token", "eyJhbGciOiJSUzI1NiJ9.id." + suffix);
            m.put("token_type", "bearer");
            m.put("scope", "user");
            m.put("session_state", "state-" + suffix);
            m.put("expires_at", expiresAt);
            m.put("refresh_token_expires_in", 15897600L);
            return m;
        }

        AdapterAccount account(String id, String userId) {
            Map<String, Object> m = npmAccount(userId);
            return AdapterAccount.builder().id(id)
                    .userId((String) m.remove("userId"))
                    .type((String) m.remove("type"))
                    .provider((String) m.remove("provider"))
                    .providerAccountId((String) m.remove("providerAccountId"))
                    .accessToken((String) m.remove("access_token"))
                    .refreshToken((String) m.remove("refresh_token"))
                    .idToken((String) m.remove("id_token"))
                    .tokenType((String) m.remove("token_type"))
                    .scope((String) m.remove("scope"))
                    .sessionState((String) m.remove("session_state"))
                    .expiresAt((Long) m.remove("expires_at"))
                    .attributes(m)
                    .build();
        }

        Map<String, Object> npmSession(String userId) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sessionToken", sessionToken);
            m.put("userId", userId);
            m.put("expires", sessionExpires);
            return m;
        }

        AdapterSession session(String userId) {
            return new AdapterSession(sessionToken, userId, sessionExpires);
        }

        Map<String, Object> npmToken() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("identifier", identifier);
            m.put("token", hashedToken);
            m.put("expires", tokenExpires);
            return m;
        }

        VerificationToken token() {
            return new VerificationToken(identifier, hashedToken, tokenExpires);
        }
    }

    static Entities next() {
        return new Entities();
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
