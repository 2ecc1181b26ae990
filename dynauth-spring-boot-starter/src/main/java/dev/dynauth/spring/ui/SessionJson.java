package dev.dynauth.spring.ui;

import dev.dynauth.AdapterUser;
import java.time.Instant;

/** The JSON of {@code /api/auth/session}, as Auth.js shapes it: stack-neutral, for the servlet and reactive sides. */
final class SessionJson {
    private SessionJson() {}

    /** Signed out. */
    static final String SIGNED_OUT = "{}";
    /** The endpoint failed (never a stack trace nor a message). */
    static final String CONFIGURATION_ERROR = "{\"error\":\"Configuration\"}";

    static String of(AdapterUser u, Instant expires) {
        return "{\"user\":{\"id\":" + string(u.id()) + ",\"name\":" + string(u.name()) + ",\"email\":"
                + string(u.email()) + ",\"image\":" + string(u.image()) + "},\"expires\":"
                + string(expires.toString()) + "}";
    }

    /** A JSON string; {@code <} escaped so that the answer is never HTML a browser would sniff. */
    static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '<' -> b.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
