package dev.dynauth.spring.session;

import dev.dynauth.AdapterUser;

/**
 * The body of {@code /api/auth/session}, as Auth.js answers it, on both stacks: {@code {}} signed out, else
 * {@code {"user":{"id","name","email","image"},"expires"}} with the session's current expiry (ISO-8601).
 */
public final class SessionJson {
    private SessionJson() {}

    /** The JSON for a request signed in by {@code auth}, or signed out ({@code null}). */
    public static String of(DynauthAuthentication auth) {
        if (auth == null) {
            return "{}";
        }
        AdapterUser u = auth.user();
        return "{\"user\":{\"id\":" + string(u.id()) + ",\"name\":" + string(u.name()) + ",\"email\":"
                + string(u.email()) + ",\"image\":" + string(u.image()) + "},\"expires\":"
                + string(auth.session().expires().toString()) + "}";
    }

    /** A JSON string (or {@code null}); {@code <} escaped so the JSON is inert inside HTML too. */
    public static String string(String s) {
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
