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
                "\"ada\"@example.com", "o'hara@example.com", "ada@exa mple.com", "ada@example.com,evil.com",
                // only a plain addr-spec: no display name, angle brackets, comment, route or domain literal
                "a<victim@example.com>", "<victim@example.com>", "victim@example.com(x)", "x(y)@example.com",
                "Victim <victim@example.com>", "@relay.example:victim@example.com", "victim@[127.0.0.1]",
                "a..b@example.com", ".a@example.com", "a.@example.com", "a@-example.com", "a@example-.com",
                "a@.example.com", "a@exa..mple.com", "a\u0000@example.com", "a;b@example.com", "a\\b@example.com"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Identifiers.normalizeEmail(bad), String.valueOf(bad));
            if (bad != null && !bad.isBlank()) {
                assertFalse(e.getMessage().contains(bad.trim()), "message must not echo the input");
            }
        }
    }

    @Test
    void acceptsPlainAddressesInEveryScript() {
        for (String ok : new String[] {"a.b+tag@example.com", "x_y-z!#$%&*/=?^`{|}~@sub.example.co.uk",
                "jos\u00e9@b\u00fccher.example", "\u7528\u6237@\u4f8b\u5b50.\u516c\u53f8", "a@example.com.", "1@2.3"}) {
            assertEquals(ok, Identifiers.normalizeEmail(ok));
        }
    }

    @Test
    void oneCanonicalFormForProviderEmailsAndOneMailboxForIdnSpellings() {
        assertEquals("ada@example.com", Identifiers.canonicalEmail("\uFF41\uFF44\uFF41\uFF20\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45\uFF0E\uFF43\uFF4F\uFF4D"));
        assertEquals("ada@example.com", Identifiers.canonicalEmail("\u3000Ada@Example.com\u00a0"));
        assertEquals(null, Identifiers.canonicalEmail(null));
        assertEquals("u@xn--bcher-kva.example", Identifiers.mailbox("u@b\u00fccher.example"));
        assertEquals("u@xn--bcher-kva.example", Identifiers.mailbox("u@xn--bcher-kva.example.."));
        assertEquals("u@example.com", Identifiers.mailbox("u@example.com"));
    }
}
