package dev.dynauth.spring.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The passkey button's script ({@code /api/auth/passkey.js}), read once from the starter's jar: stack-neutral. */
final class PasskeyScript {
    private PasskeyScript() {}

    static final String CONTENT_TYPE = "text/javascript;charset=UTF-8";
    static final String CACHE_CONTROL = "public, max-age=3600";

    private static volatile byte[] script;

    static byte[] bytes() {
        byte[] bytes = script;
        if (bytes == null) {
            try (InputStream in = PasskeyScript.class.getResourceAsStream("passkey.js")) {
                if (in == null) {
                    throw new IllegalStateException("passkey.js missing from the starter");
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            script = bytes;
        }
        return bytes;
    }
}
