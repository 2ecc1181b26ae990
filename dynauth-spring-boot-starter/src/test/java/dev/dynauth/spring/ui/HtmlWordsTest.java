package dev.dynauth.spring.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Dates in words and plural forms, as the pages show them. */
class HtmlWordsTest {
    static final Instant NOW = Instant.parse("2026-12-04T15:30:00Z");

    private static String words(Duration ago) {
        return Html.ago(NOW.minus(ago), NOW).replaceAll("<[^>]+>", "");
    }

    @Test
    void howLongAgo() {
        assertEquals("just now", words(Duration.ofSeconds(30)));
        assertEquals("just now", words(Duration.ofSeconds(-30)), "a clock a little ahead is not 'in the future'");
        assertEquals("1 minute ago", words(Duration.ofMinutes(1)));
        assertEquals("59 minutes ago", words(Duration.ofMinutes(59)));
        assertEquals("1 hour ago", words(Duration.ofMinutes(61)));
        assertEquals("15 hours ago", words(Duration.ofHours(15)));
        assertEquals("yesterday", words(Duration.ofHours(16)), "yesterday by the calendar (UTC)");
        assertEquals("2 days ago", words(Duration.ofDays(2)));
        assertEquals("29 days ago", words(Duration.ofDays(29)));
        assertEquals("on 4 Nov 2026", words(Duration.ofDays(30)));
        assertEquals("", Html.ago(null, NOW));
    }

    @Test
    void theExactTimeStaysInTheElement() {
        assertEquals("<time datetime=\"2026-12-04T15:25:00Z\" title=\"4 Dec 2026, 15:25 UTC\">5 minutes ago</time>",
                Html.ago(NOW.minus(Duration.ofMinutes(5)), NOW));
    }

    @Test
    void pluralForms() {
        assertEquals("1 active session", Html.plural(1, "active session", "active sessions"));
        assertEquals("2 active sessions", Html.plural(2, "active session", "active sessions"));
        assertEquals("0 passkeys", Html.plural(0, "passkey", "passkeys"));
    }
}
