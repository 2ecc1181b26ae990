package dev.dynauth.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;

/** Callback URLs are restricted to the application's own origin: anything else becomes {@code /}. */
public final class RedirectPolicy {

    private RedirectPolicy() {}

    /** A safe target for the callback URL: a same-origin path (with query), else {@code fallback}. */
    public static String safeTarget(HttpServletRequest request, String callbackUrl, String fallback) {
        if (callbackUrl == null || callbackUrl.isBlank() || callbackUrl.length() > 2048) {
            return fallback;
        }
        String url = callbackUrl.trim();
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x21 || c == '\\' || c == 0x7f) {
                return fallback;
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return fallback;
        }
        if (uri.isOpaque()) {
            return fallback;
        }
        if (uri.getScheme() == null && uri.getRawAuthority() == null) {
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/") || path.startsWith("//")) {
                return fallback;
            }
            return url;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return fallback;
        }
        String scheme = uri.getScheme().toLowerCase();
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        if (!scheme.equalsIgnoreCase(request.getScheme()) || !uri.getHost().equalsIgnoreCase(request.getServerName())
                || port != request.getServerPort() || uri.getRawUserInfo() != null) {
            return fallback;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (path.startsWith("//")) {
            return fallback;
        }
        return path + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "")
                + (uri.getRawFragment() != null ? "#" + uri.getRawFragment() : "");
    }
}
