package dev.dynauth.spring.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Minimal HTML pages with escaping; no template engine needed. {@link #esc} is public so that applications
 * rendering their own pages escape text exactly as the starter's pages do.
 */
public final class Html {
    private Html() {}

    /** Escapes text for HTML element content and quoted attribute values; {@code null} becomes "". */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final java.time.format.DateTimeFormatter DAY =
            java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);
    private static final java.time.format.DateTimeFormatter EXACT =
            java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", java.util.Locale.ENGLISH)
                    .withZone(java.time.ZoneOffset.UTC);

    /**
     * When something happened, in words a person reads at a glance ("just now", "5 minutes ago", "yesterday",
     * "3 days ago", "on 4 Dec 2026"), as a {@code <time>} element whose attribute and tooltip keep the exact
     * instant. Days are counted in UTC; {@code null} gives "".
     */
    public static String ago(java.time.Instant when, java.time.Instant now) {
        if (when == null) {
            return "";
        }
        java.time.Duration d = java.time.Duration.between(when, now);
        long days = java.time.temporal.ChronoUnit.DAYS.between(when.atZone(java.time.ZoneOffset.UTC).toLocalDate(),
                now.atZone(java.time.ZoneOffset.UTC).toLocalDate());
        String words;
        if (d.isNegative() || d.toMinutes() < 1) {
            words = "just now";
        } else if (d.toHours() < 1) {
            words = plural(d.toMinutes(), "minute", "minutes") + " ago";
        } else if (days == 0) {
            words = plural(d.toHours(), "hour", "hours") + " ago";
        } else if (days == 1) {
            words = "yesterday";
        } else if (days < 30) {
            words = days + " days ago";
        } else {
            words = "on " + DAY.format(when);
        }
        return "<time datetime=\"" + when + "\" title=\"" + EXACT.format(when) + "\">" + words + "</time>";
    }

    /** "1 passkey", "2 passkeys", "0 passkeys". */
    public static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** The starter's default document ({@link DynauthPageLayout#standard()}); {@code body} is HTML. */
    static String document(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
                + "<main style=\"max-width:28rem;margin:3rem auto;font-family:sans-serif\"><h1>" + esc(title) + "</h1>"
                + body + "</main></body></html>";
    }

    /** Sends one of the starter's pages, in {@code layout}: {@code body} is HTML. */
    public static void page(HttpServletRequest request, HttpServletResponse response, DynauthPageLayout layout,
                     DynauthPageLayout.Page page, int status, String title, String body) throws IOException {
        byte[] bytes = layout.render(request, page, title, body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
