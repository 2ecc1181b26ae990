package dev.dynauth.spring.session;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code Authorization: Bearer <token>} as Auth.js's {@code getToken} reads it, for both stacks: only when no session
 * cookie is present, the word {@code Bearer}, one space, and the token URL-decoded as {@code decodeURIComponent}
 * decodes it. Since the 2026-06 release a malformed header gives no token instead of an exception: here too, so such a
 * request is simply not signed in (a 401 where sign-in is required), never a 500. The token is then read as a session
 * cookie's value would be: a JWE with the JWT strategy, else a database session token.
 */
final class BearerTokens {

    /** Longer than any session token or chunked JWT a request could carry (eight chunks of 4 KB). */
    static final int MAX_LENGTH = 8 * 4096;

    private BearerTokens() {}

    static Optional<String> parse(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String rest = authorization.substring("Bearer ".length());
        int space = rest.indexOf(' ');
        String encoded = space < 0 ? rest : rest.substring(0, space);
        if (encoded.isEmpty()) {
            return Optional.empty();
        }
        return decodeUriComponent(encoded).filter(t -> !t.isBlank());
    }

    /** JavaScript's {@code decodeURIComponent}: {@code %XX} escapes of UTF-8 bytes ({@code +} stays); empty when malformed. */
    static Optional<String> decodeUriComponent(String s) {
        if (s.indexOf('%') < 0) {
            return Optional.of(s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
