package dev.dynauth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The one place that issues dynauth's session tokens: <em>self-locating</em> tokens that carry their owner,
 * {@code <base64url(userId)>.<base64url(32 random bytes)>} (no padding). Every part is URL- and cookie-safe
 * ({@code A-Z a-z 0-9 - _ .}), and the 256 random bits from {@link SecureRandom} exceed the 128 bits
 * OWASP ASVS 7.2.3 asks of a session token.
 *
 * <p>The session item is stored exactly as Auth.js stores any session ({@code USER#<userId>} /
 * {@code SESSION#<token>}, index keys {@code SESSION#<token>}), so {@code @auth/core} and the npm adapter find,
 * extend and delete it through the index as before. {@link DynamoDbAdapter} reads the owner from the token
 * instead and fetches session and user in one strongly consistent {@code BatchGetItem}: no index, so no index lag
 * right after sign-in. The owner part is not a credential: the sort key holds the whole token, so a token with a
 * forged owner part simply finds nothing. It does tell the user's id to whoever holds the cookie (the user).
 *
 * <p>A user id too long for a token of at most {@link #MAX_LENGTH} characters (over 351 UTF-8 bytes; Auth.js ids
 * are 36-character UUIDs) gets a plain random token (43 characters, no dot), found through the index.
 */
public final class SessionTokens {

    /** Longest token this class issues; session cookies longer than this are not looked up by the starter. */
    public static final int MAX_LENGTH = 512;

    private static final int RANDOM_BYTES = 32;
    /** Characters of 32 bytes in unpadded base64url. */
    private static final int RANDOM_CHARS = 43;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private SessionTokens() {}

    /** A new session token for the user: self-locating when the id fits, else a plain random one. */
    public static String issue(String userId) {
        if (userId == null || userId.isEmpty()) {
            throw new IllegalArgumentException("user id must not be empty");
        }
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        String secret = ENCODER.encodeToString(random);
        String owner = ENCODER.encodeToString(userId.getBytes(StandardCharsets.UTF_8));
        if (owner.length() + 1 + secret.length() > MAX_LENGTH) {
            return secret;
        }
        return owner + "." + secret;
    }

    /**
     * The owner a self-locating token names, or empty for any other token (an Auth.js UUID, a plain random token,
     * anything malformed). Only the exact form {@link #issue} writes counts: canonical base64url of a UTF-8 id, a dot,
     * 43 base64url characters. Says nothing about whether the session exists.
     */
    public static Optional<String> owner(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 1 || token.length() - dot - 1 != RANDOM_CHARS) {
            return Optional.empty();
        }
        for (int i = 0; i < token.length(); i++) {
            if (i != dot && !base64url(token.charAt(i))) {
                return Optional.empty();
            }
        }
        String ownerPart = token.substring(0, dot);
        byte[] bytes;
        try {
            bytes = DECODER.decode(ownerPart);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // canonical only: one token, one spelling of its owner
        if (bytes.length == 0 || !ENCODER.encodeToString(bytes).equals(ownerPart)) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean base64url(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}
