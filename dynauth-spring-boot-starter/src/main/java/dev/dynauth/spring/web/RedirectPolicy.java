package dev.dynauth.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place where user input becomes a redirect target. The answer is never the input: it is a
 * path this class rebuilt segment by segment (decoded, dot segments resolved, empty segments dropped,
 * re-encoded), so it always starts with exactly one {@code /} and can only lead to this application's
 * own origin. Anything it cannot rebuild that way becomes the fallback.
 *
 * <p>An absolute URL is accepted only when its origin is the application's public origin
 * ({@link PublicUrl}); without a known origin only paths are accepted.
 */
public final class RedirectPolicy {

    /** Longest callback URL considered; longer values are refused (they only serve to flood headers and logs). */
    static final int MAX_LENGTH = 2048;

    private RedirectPolicy() {}

    /** A safe target for the callback URL: a same-origin path (with query and fragment), else {@code fallback}. */
    public static String safeTarget(HttpServletRequest request, String callbackUrl, String fallback) {
        return safeTarget(request == null ? null : PublicUrl.trustedOrigin(request), callbackUrl, fallback);
    }

    /**
     * {@link #safeTarget(HttpServletRequest, String, String)} where the request's trusted origin is known (the reactive
     * side: {@link PublicUrl#trustedOrigin(RequestFacts)}); {@code origin} null: only paths are accepted.
     */
    public static String safeTarget(String origin, String callbackUrl, String fallback) {
        String safe = normalise(callbackUrl, origin);
        return safe == null ? fallback : safe;
    }

    /**
     * The normalised same-origin path of {@code url}, or null when it is not one. {@code origin} (like
     * {@code https://app.example.com}, may be null) is the only origin an absolute URL may have.
     */
    static String normalise(String url, String origin) {
        if (url == null || url.isEmpty() || url.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            // controls, spaces (browsers drop tabs and newlines inside URLs), backslashes (read as slashes),
            // and anything outside ASCII (full-width dots and slashes, IDN look-alikes) are refused outright
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return null;
            }
        }
        String rest;
        if (url.startsWith("/")) {
            if (url.startsWith("//")) {
                return null; // scheme-relative: another host
            }
            rest = url;
        } else {
            if (origin == null) {
                return null;
            }
            int authority = url.indexOf("://");
            if (authority <= 0) {
                return null; // javascript:, data:, mailto:, a bare word: never a same-origin URL
            }
            int pathStart = authority + 3;
            while (pathStart < url.length() && "/?#".indexOf(url.charAt(pathStart)) < 0) {
                pathStart++;
            }
            if (!origin.equalsIgnoreCase(originOf(url.substring(0, pathStart)))) {
                return null; // another host, port or scheme, a look-alike, or user info
            }
            rest = url.substring(pathStart);
            if (rest.isEmpty()) {
                rest = "/";
            } else if (rest.charAt(0) != '/') {
                rest = "/" + rest;
            } else if (rest.startsWith("//")) {
                return null;
            }
        }
        int hash = rest.indexOf('#');
        String fragment = hash < 0 ? null : rest.substring(hash + 1);
        String beforeFragment = hash < 0 ? rest : rest.substring(0, hash);
        int q = beforeFragment.indexOf('?');
        String rawPath = q < 0 ? beforeFragment : beforeFragment.substring(0, q);
        String query = q < 0 ? null : beforeFragment.substring(q + 1);

        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            String segment = decode(raw);
            if (segment == null) {
                return null;
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ';') {
                    return null; // encoded separators or controls: no legitimate target has them
                }
            }
            switch (segment) {
                case "", "." -> { }
                case ".." -> {
                    if (!segments.isEmpty()) {
                        segments.remove(segments.size() - 1);
                    }
                }
                default -> segments.add(segment);
            }
        }
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            b.append('/').append(encodeSegment(s));
        }
        if (b.isEmpty() || rawPath.endsWith("/") && !segments.isEmpty()) {
            b.append('/');
        }
        if (query != null && !query.isEmpty()) {
            String safe = encodeQuery(query);
            if (safe == null) {
                return null;
            }
            b.append('?').append(safe);
        }
        if (fragment != null && !fragment.isEmpty()) {
            String safe = encodeQuery(fragment);
            if (safe == null) {
                return null;
            }
            b.append('#').append(safe);
        }
        return b.toString();
    }

    /** {@code scheme://host[:port]} of an absolute URL's start, default port left out; null when it has user info. */
    private static String originOf(String schemeAndAuthority) {
        try {
            java.net.URI u = new java.net.URI(schemeAndAuthority);
            if (u.getRawUserInfo() != null || u.getHost() == null || u.getScheme() == null) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** Strict percent-decoding to UTF-8; null on a malformed escape or invalid UTF-8. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static final String SEGMENT_CHARS = "-._~!$&'()*+,=:@";

    /** RFC 3986 segment: unreserved and sub-delimiters as they are, every other byte percent-encoded. */
    private static String encodeSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || SEGMENT_CHARS.indexOf(c) >= 0)) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** Query or fragment: well-formed escapes kept, characters not allowed there encoded; null on a bad escape. */
    private static String encodeQuery(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    return null;
                }
                b.append(c);
            } else if (Character.isLetterOrDigit(c) || (SEGMENT_CHARS + "/?").indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", (int) c));
            }
        }
        return b.toString();
    }
}
