package dev.dynauth.spring.session;

import dev.dynauth.jwt.SessionCookieChunks;
import dev.dynauth.spring.web.Cookies;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpCookie;
import org.springframework.web.server.ServerWebExchange;

/**
 * The Auth.js session cookie on a WebFlux exchange: the names, attributes and Secure rule of {@link Cookies} (the one
 * home of cookie rules), the request's scheme standing in for the servlet request's {@code isSecure()}.
 */
final class ReactiveSessionCookies {

    private final Cookies cookies;

    ReactiveSessionCookies(Cookies cookies) {
        this.cookies = cookies;
    }

    boolean secure(ServerWebExchange exchange) {
        var request = exchange.getRequest();
        return cookies.secure(request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme()));
    }

    /** The name the cookie is written under for this exchange. */
    String name(ServerWebExchange exchange) {
        return cookies.sessionName(secure(exchange));
    }

    List<String> readableNames(ServerWebExchange exchange) {
        return cookies.readableSessionNames(secure(exchange));
    }

    /** Every cookie of the request, its first value per name. */
    static Map<String, String> all(ServerWebExchange exchange) {
        Map<String, String> jar = new LinkedHashMap<>();
        for (Map.Entry<String, List<HttpCookie>> e : exchange.getRequest().getCookies().entrySet()) {
            if (!e.getValue().isEmpty()) {
                jar.put(e.getKey(), e.getValue().get(0).getValue());
            }
        }
        return jar;
    }

    /** The plain (unchunked) session cookie's value under the first readable name that has one; null when none. */
    String readPlain(ServerWebExchange exchange, Map<String, String> all) {
        for (String name : readableNames(exchange)) {
            String v = all.get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** Sets {@code name} to {@code value} for {@code maxAge} ({@link Duration#ZERO}: clears it). */
    void set(ServerWebExchange exchange, String name, String value, Duration maxAge) {
        exchange.getResponse().addCookie(cookies.sessionCookie(secure(exchange), name, value, maxAge));
    }

    /** Sets the token under {@code name} (chunked if long) and clears every other part of the session cookie. */
    void setChunked(ServerWebExchange exchange, List<SessionCookieChunks.Chunk> chunks, Duration maxAge) {
        for (String stale : JwtSessionCore.stale(readableNames(exchange), chunks, all(exchange).keySet())) {
            set(exchange, stale, "", Duration.ZERO);
        }
        for (SessionCookieChunks.Chunk c : chunks) {
            set(exchange, c.name(), c.value(), maxAge);
        }
    }

    /** Clears every part of the session cookie the request carries (any readable name, plain or chunk); at least the name written. */
    void clearAll(ServerWebExchange exchange) {
        Set<String> present = new LinkedHashSet<>(all(exchange).keySet());
        Set<String> parts = JwtSessionCore.stale(readableNames(exchange), List.of(), present);
        for (String n : parts) {
            set(exchange, n, "", Duration.ZERO);
        }
        if (parts.isEmpty()) {
            set(exchange, name(exchange), "", Duration.ZERO);
        }
    }
}
