package dev.dynauth.spring.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the secret comes from: the configured value, else AUTH_SECRET, else NEXTAUTH_SECRET, as Auth.js reads them. */
class SecretResolutionTest {

    @Test
    void configuredValueThenAuthSecretThenNextAuthSecret() {
        Map<String, String> both = Map.of("AUTH_SECRET", "a", "NEXTAUTH_SECRET", "n");
        assertEquals("c", DynauthSecret.fromConfiguration("c", both::get).orElseThrow().value());
        assertEquals("a", DynauthSecret.fromConfiguration(" ", both::get).orElseThrow().value());
        assertEquals("n", DynauthSecret.fromConfiguration(null, Map.of("AUTH_SECRET", "", "NEXTAUTH_SECRET", "n")::get)
                .orElseThrow().value());
        assertTrue(DynauthSecret.fromConfiguration(null, Map.<String, String>of()::get).isEmpty());
        assertFalse(DynauthSecret.fromConfiguration("c", both::get).orElseThrow().generated());
    }

    @Test
    void aGeneratedSecretIs32RandomBytesAndNeverPrinted() {
        DynauthSecret one = DynauthSecret.generate();
        assertTrue(one.generated());
        assertTrue(one.value().matches("[0-9a-f]{64}"), "32 bytes in hex");
        assertFalse(one.value().equals(DynauthSecret.generate().value()));
        assertFalse(one.toString().contains(one.value()));
    }
}
