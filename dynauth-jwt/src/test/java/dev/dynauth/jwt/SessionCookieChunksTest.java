package dev.dynauth.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionCookieChunksTest {

    private static final String NAME = "authjs.session-token";

    @Test
    void aValueUpToTheChunkSizeIsOneCookieAndLongerOnesAreNumberedChunks() {
        String fits = "a".repeat(SessionCookieChunks.AUTHJS_CHUNK_SIZE);
        assertEquals(List.of(new SessionCookieChunks.Chunk(NAME, fits)),
                SessionCookieChunks.split(NAME, fits, SessionCookieChunks.AUTHJS_CHUNK_SIZE));

        String big = "b".repeat(3936) + "c".repeat(3936) + "d";
        List<SessionCookieChunks.Chunk> chunks = SessionCookieChunks.split(NAME, big, 3936);
        assertEquals(List.of(NAME + ".0", NAME + ".1", NAME + ".2"), chunks.stream().map(SessionCookieChunks.Chunk::name).toList());
        assertEquals("d", chunks.get(2).value());
        assertEquals(3936, SessionCookieChunks.AUTHJS_CHUNK_SIZE, "@auth/core: 4096 - 160");
        assertEquals(3933, SessionCookieChunks.NEXTAUTH_V4_CHUNK_SIZE, "next-auth v4: 4096 - 163");
    }

    @Test
    void chunksAreJoinedInNumericOrderNotNameOrder() {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (int i = 11; i >= 0; i--) {
            cookies.put(NAME + "." + i, Integer.toString(i, 36));
        }
        cookies.put("other", "x");
        // ".10" sorts before ".2" as a string; the numbers decide
        assertEquals(Optional.of("0123456789ab"), SessionCookieChunks.read(NAME, cookies));
    }

    @Test
    void thePlainCookieIsReadWhenThereAreNoChunksAndEmptyMeansAbsent() {
        assertEquals(Optional.of("v"), SessionCookieChunks.read(NAME, Map.of(NAME, "v")));
        assertEquals(Optional.empty(), SessionCookieChunks.read(NAME, Map.of(NAME, "")));
        assertEquals(Optional.empty(), SessionCookieChunks.read(NAME, Map.of("__Secure-" + NAME, "v")));
        assertEquals(Optional.empty(), SessionCookieChunks.read(NAME, Map.of(NAME + ".1", "v")), "no .0, no value");
    }

    @Test
    void staleChunksAreTheOnesTheNewValueDoesNotOverwrite() {
        List<SessionCookieChunks.Chunk> written = SessionCookieChunks.split(NAME, "short", 3936);
        Set<String> stale = SessionCookieChunks.stale(NAME, written,
                List.of(NAME + ".0", NAME + ".1", NAME, "authjs.csrf-token", NAME + "x", NAME + ".a"));
        assertEquals(Set.of(NAME + ".0", NAME + ".1"), stale);

        List<SessionCookieChunks.Chunk> big = SessionCookieChunks.split(NAME, "z".repeat(5000), 3936);
        assertEquals(Set.of(NAME, NAME + ".2"), SessionCookieChunks.stale(NAME, big, List.of(NAME, NAME + ".0", NAME + ".2")));
    }

    @Test
    void partsAreTheNameAndItsNumberedChunksOnly() {
        assertTrue(SessionCookieChunks.isPart(NAME, NAME));
        assertTrue(SessionCookieChunks.isPart(NAME, NAME + ".12"));
        assertFalse(SessionCookieChunks.isPart(NAME, NAME + "."));
        assertFalse(SessionCookieChunks.isPart(NAME, NAME + ".1a"));
        assertFalse(SessionCookieChunks.isPart(NAME, "__Secure-" + NAME));
    }

    @Test
    void aChunkDoesNotPrintItsValue() {
        assertFalse(new SessionCookieChunks.Chunk(NAME, "secret-token-value").toString().contains("secret-token-value"));
    }
}
