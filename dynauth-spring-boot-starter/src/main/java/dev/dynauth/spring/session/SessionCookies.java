package dev.dynauth.spring.session;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.Cookies;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * Reads and writes the Auth.js session cookie: {@code authjs.session-token}, or
 * {@code __Secure-authjs.session-token} when secure (HttpOnly, SameSite=Lax, Path=/).
 */
final class SessionCookies {

    static final String SECURE_PREFIX = Cookies.SECURE_PREFIX;
    static final String LEGACY_NAME = Cookies.LEGACY_SESSION;

    /** Names and attributes: the one home of cookie rules. */
    private final Cookies cookies;

    SessionCookies(DynauthProperties.Cookie config) {
        this(new Cookies(config, null));
    }

    SessionCookies(Cookies cookies) {
        this.cookies = cookies;
    }

    /** Whether cookies set on this request's response are Secure. */
    public boolean secure(HttpServletRequest request) {
        return cookies.secure(request);
    }

    /** The name the cookie is written under for this request. */
    public String name(HttpServletRequest request) {
        return cookies.sessionName(request);
    }

    /** Names read, preferred first. */
    List<String> readableNames(HttpServletRequest request) {
        return cookies.readableSessionNames(request);
    }

    /** The session token the request carries, or {@code null}. */
    public String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (String name : readableNames(request)) {
            for (Cookie c : cookies) {
                if (name.equals(c.getName()) && c.getValue() != null && !c.getValue().isBlank()) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** Sets the session cookie; {@code maxAge} is how long the browser keeps it. */
    public void write(HttpServletRequest request, HttpServletResponse response, String token, Duration maxAge) {
        response.addHeader(HttpHeaders.SET_COOKIE, build(request, name(request), token, maxAge).toString());
    }

    /** Clears the session cookie under every name it may have been read from. */
    public void clear(HttpServletRequest request, HttpServletResponse response) {
        Cookie[] cookies = request.getCookies();
        List<String> names = readableNames(request);
        boolean any = false;
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (names.contains(c.getName())) {
                    response.addHeader(HttpHeaders.SET_COOKIE,
                            build(request, c.getName(), "", Duration.ZERO).toString());
                    any = true;
                }
            }
        }
        if (!any) {
            response.addHeader(HttpHeaders.SET_COOKIE, build(request, name(request), "", Duration.ZERO).toString());
        }
    }

    /** The session cookie's attributes for any of its names (also JWT chunks, see {@link DynauthJwtSessions}). */
    ResponseCookie build(HttpServletRequest request, String name, String value, Duration maxAge) {
        return cookies.sessionCookie(request, name, value, maxAge);
    }
}
