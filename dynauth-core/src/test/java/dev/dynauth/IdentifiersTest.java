package dev.dynauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void trimsLowercasesAndNormalises() {
        assertEquals("ada@example.com", Identifiers.normalizeEmail("  Ada@Example.COM \n"));
        // fullwidth letters and the fullwidth @ become ASCII under NFKC
        assertEquals("ada@example.com", Identifiers.normalizeEmail("\uFF21da\uFF20example.com"));
    }

    @Test
    void refusesMalformedAddresses() {
        for (String bad : new String[] {null, "", "   ", "ada", "a@b@c", "@example.com", "ada@",
                "\"ada\"@example.com", "o'hara@example.com", "ada@exa mple.com", "ada@example.com,evil.com"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Identifiers.normalizeEmail(bad), String.valueOf(bad));
            if (bad != null && !bad.isBlank()) {
                assertFalse(e.getMessage().contains(bad.trim()), "message must not echo the input");
            }
        }
    }
}
