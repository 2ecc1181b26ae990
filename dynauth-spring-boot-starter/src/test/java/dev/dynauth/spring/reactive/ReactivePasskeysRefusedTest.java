package dev.dynauth.spring.reactive;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Passkeys need Spring Security's WebAuthn support, which is servlet-only: a reactive application refuses to start. */
class ReactivePasskeysRefusedTest {

    @Test
    void passkeysInAReactiveApplicationStopTheStartUpWithAMessage() {
        Throwable e = assertThrows(Throwable.class, () -> new SpringApplicationBuilder(ReactiveTestApp.class)
                .properties("spring.main.web-application-type=reactive", "server.port=0", "server.address=127.0.0.1",
                        "dynauth.table-name=reactive-passkeys", "dynauth.passkeys.enabled=true")
                .run().close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("dynauth.passkeys.enabled=true in a reactive (WebFlux) application")
                && messages.toString().contains("servlet applications only"), messages.toString());
    }
}
