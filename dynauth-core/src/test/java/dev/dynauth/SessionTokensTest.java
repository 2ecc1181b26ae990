package dev.dynauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionTokensTest {

    @Test
    void carriesItsOwnerAnd256RandomBitsInUrlAndCookieSafeCharacters() {
        String id = UUID.randomUUID().toString();
        String token = SessionTokens.issue(id);
        assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}"), "form");
        assertEquals(48 + 1 + 43, token.length());
        assertEquals(Optional.of(id), SessionTokens.owner(token));
        byte[] random = Base64.getUrlDecoder().decode(token.substring(token.indexOf('.') + 1));
        assertEquals(32, random.length);
    }

    @Test
    void everyTokenIsNew() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(SessionTokens.issue("u")));
        }
    }

    @Test
    void anyUserIdRoundTrips() {
        for (String id : new String[] {"a", "ü-ß-日本", "USER#x.y", "with space", "x".repeat(351)}) {
            String token = SessionTokens.issue(id);
            assertTrue(token.length() <= SessionTokens.MAX_LENGTH);
            assertEquals(Optional.of(id), SessionTokens.owner(token), id);
        }
    }

    @Test
    void anIdTooLongForTheLimitGetsAPlainRandomToken() {
        String token = SessionTokens.issue("x".repeat(352));
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token.length() + " characters");
        assertEquals(Optional.empty(), SessionTokens.owner(token));
        assertThrows(IllegalArgumentException.class, () -> SessionTokens.issue(""));
        assertThrows(IllegalArgumentException.class, () -> SessionTokens.issue(null));
    }

    @Test
    void otherTokensNameNoOwner() {
        String secret = "A".repeat(43);
        String owner = Base64.getUrlEncoder().withoutPadding().encodeToString("u1".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of("u1"), SessionTokens.owner(owner + "." + secret));
        for (String other : new String[] {UUID.randomUUID().toString(), "", "." + secret, owner + "." + secret + "A",
                owner + "." + secret.substring(1), owner + "=." + secret, "dTE." + secret.replace('A', '+'),
                "dTF." + secret /* non-canonical: last char carries stray bits */,
                Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe}) + "." + secret}) {
            assertFalse(SessionTokens.owner(other).isPresent(), other);
        }
        assertFalse(SessionTokens.owner(null).isPresent());
    }
}
