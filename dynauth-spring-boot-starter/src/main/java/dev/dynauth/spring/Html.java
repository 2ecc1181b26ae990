package dev.dynauth.spring;

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

    /** The starter's default document ({@link DynauthPageLayout#standard()}); {@code body} is HTML. */
    static String document(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
                + "<main style=\"max-width:28rem;margin:3rem auto;font-family:sans-serif\"><h1>" + esc(title) + "</h1>"
                + body + "</main></body></html>";
    }

    /** Sends one of the starter's pages, in {@code layout}: {@code body} is HTML. */
    static void page(HttpServletRequest request, HttpServletResponse response, DynauthPageLayout layout,
                     DynauthPageLayout.Page page, int status, String title, String body) throws IOException {
        byte[] bytes = layout.render(request, page, title, body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
