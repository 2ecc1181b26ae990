package dev.dynauth.spring.gateway;

import dev.dynauth.AdapterUser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;

/**
 * The one place of the gateway's rules on what crosses to a downstream service, for both gateway stacks (webflux
 * and webmvc): which request headers a client may not send (an identity it made up, or its own session), which
 * cookies stay at the gateway (every Auth.js and dynauth cookie, above all the session), and how the user is
 * written downstream (the token header, or the plain headers of header mode).
 */
final class ClientIdentity {

    /** Header mode: the user's id, email and name (UTF-8, percent-encoded outside printable ASCII). */
    static final String USER_ID = "X-Dynauth-User-Id";
    static final String USER_EMAIL = "X-Dynauth-User-Email";
    static final String USER_NAME = "X-Dynauth-User-Name";

    /**
     * Removed from every request before it goes downstream, whatever the mode: a client's {@code Authorization} is
     * either its session (Auth.js's {@code getToken} accepts a Bearer session token) or a forged identity, and the
     * header-mode names could be forged too. The configured token header and {@code dynauth.gateway.strip-headers}
     * are added to it.
     */
    static final List<String> ALWAYS_STRIPPED = List.of("Authorization", "Proxy-Authorization", USER_ID, USER_EMAIL,
            USER_NAME);

    /** Cookie name prefixes that never go downstream (after a {@code __Secure-} or {@code __Host-} prefix). */
    private static final List<String> SIGN_IN_COOKIE_PREFIXES = List.of("authjs.", "next-auth.", "dynauth.", "dynauth-");

    private final Set<String> stripped;   // lower case
    private final String tokenHeader;
    private final String sessionCookie;

    /**
     * @param tokenHeader   the header the minted token goes in ({@code dynauth.gateway.header})
     * @param extra         {@code dynauth.gateway.strip-headers}
     * @param sessionCookie {@code dynauth.cookie.name} (a custom name is a sign-in cookie too)
     */
    ClientIdentity(String tokenHeader, List<String> extra, String sessionCookie) {
        this.tokenHeader = tokenHeader;
        this.sessionCookie = sessionCookie;
        Set<String> names = new LinkedHashSet<>();
        ALWAYS_STRIPPED.forEach(h -> names.add(h.toLowerCase(Locale.ROOT)));
        names.add(tokenHeader.toLowerCase(Locale.ROOT));
        extra.forEach(h -> names.add(h.trim().toLowerCase(Locale.ROOT)));
        this.stripped = Set.copyOf(names);
    }

    /** Whether a request header must be removed before the request goes downstream. */
    boolean stripped(String header) {
        return stripped.contains(header.toLowerCase(Locale.ROOT));
    }

    /** The removed header names, lower case, for documentation and tests. */
    Set<String> strippedHeaders() {
        return stripped;
    }

    /** Whether a cookie stays at the gateway: every Auth.js cookie (session, CSRF, callback, PKCE, ...) and dynauth's. */
    boolean signInCookie(String name) {
        String n = name.startsWith("__Secure-") ? name.substring(9) : name.startsWith("__Host-") ? name.substring(7) : name;
        if (n.startsWith(sessionCookie) || n.equals("XSRF-TOKEN")) {
            return true;
        }
        for (String prefix : SIGN_IN_COOKIE_PREFIXES) {
            if (n.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code Cookie} header values without the sign-in cookies, joined into one header as RFC 6265 sends it;
     * empty when no cookie is left (the header is then dropped).
     */
    Optional<String> downstreamCookies(List<String> cookieHeaders) {
        List<String> kept = new ArrayList<>();
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                String p = pair.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                String name = (eq < 0 ? p : p.substring(0, eq)).trim();
                if (!signInCookie(name)) {
                    kept.add(p);
                }
            }
        }
        return kept.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", kept));
    }

    /**
     * Rewrites a request's headers for downstream: the stripped headers removed, the {@code Cookie} header without
     * the sign-in cookies (dropped when none is left), then the headers that carry the user added.
     */
    void rewrite(HttpHeaders headers, Map<String, String> added) {
        List<String> cookies = new ArrayList<>(headers.getOrEmpty(HttpHeaders.COOKIE));
        for (String name : new ArrayList<>(headers.headerNames())) {
            if (stripped(name)) {
                headers.remove(name);
            }
        }
        headers.remove(HttpHeaders.COOKIE);
        downstreamCookies(cookies).ifPresent(c -> headers.set(HttpHeaders.COOKIE, c));
        added.forEach(headers::set);
    }

    /** Removes from a downstream response the {@code Set-Cookie} headers of sign-in cookies: a service cannot set the session. */
    void keepSignInCookies(HttpHeaders response) {
        List<String> setCookies = response.getOrEmpty(HttpHeaders.SET_COOKIE);
        List<String> kept = setCookies.stream().filter(c -> !signInCookie(c.split("=", 2)[0].trim())).toList();
        if (kept.size() != setCookies.size()) {
            response.put(HttpHeaders.SET_COOKIE, kept);
        }
    }

    /** The header the token goes in and its value: {@code Authorization: Bearer <token>}, else the token alone. */
    Map.Entry<String, String> tokenHeader(String token) {
        return Map.entry(tokenHeader, tokenHeader.equalsIgnoreCase("Authorization") ? "Bearer " + token : token);
    }

    /** Header mode: the user as plain headers (absent fields are not sent). */
    static Map<String, String> userHeaders(AdapterUser user) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(USER_ID, headerValue(user.id()));
        if (user.email() != null) {
            headers.put(USER_EMAIL, headerValue(user.email()));
        }
        if (user.name() != null) {
            headers.put(USER_NAME, headerValue(user.name()));
        }
        return headers;
    }

    /**
     * A header value that cannot break the header (no CR, LF or other control characters) and keeps any name:
     * printable ASCII as is except {@code %}, everything else as percent-encoded UTF-8.
     */
    static String headerValue(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (byte c : value.getBytes(StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if (u >= 0x20 && u < 0x7f && u != '%') {
                b.append((char) u);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(u & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
