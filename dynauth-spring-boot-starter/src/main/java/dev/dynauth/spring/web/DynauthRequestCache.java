package dev.dynauth.spring.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * The page a signed-out user asked for, kept in Spring's request-cache cookie (no HttpSession), with two
 * rules of dynauth's: only GET requests of a bounded length are saved (a 6 KB path would make a cookie that
 * overflows the server's header buffer on the next request), and what is read back is only the
 * {@link RedirectPolicy}-normalised path and query of the saved URL, never its host (the saved URL was built
 * from a Host header). A request matching the kept page goes on as itself: the cookie cache would replace it
 * with a copy that has no headers, so a second visit to a protected page without signing in lost its
 * {@code Accept: text/html} and got a bare 401 instead of the sign-in page.
 */
public final class DynauthRequestCache extends CookieRequestCache {

    /** Longest request URL (path and query) saved. */
    public static final int MAX_SAVED = 1024;

    public DynauthRequestCache() {
        setRequestMatcher(request -> "GET".equals(request.getMethod())
                && request.getRequestURI().length() + (request.getQueryString() == null ? 0
                : request.getQueryString().length()) <= MAX_SAVED);
    }

    @Override
    public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
        super.saveRequest(request, Cookies.of(request).secure(request) && !request.isSecure()
                ? new SecureCookies(response) : response);
    }

    @Override
    public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved;
        try {
            saved = super.getRequest(request, response);
        } catch (RuntimeException malformed) {
            return null; // a forged or truncated cookie is no saved request
        }
        if (saved == null) {
            return null;
        }
        String target = pathOf(saved.getRedirectUrl());
        return target == null ? null : new PathOnly(saved, target);
    }

    @Override
    public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
        HttpServletRequest matching;
        try {
            matching = super.getMatchingRequest(request, response);
        } catch (RuntimeException malformed) {
            return null; // a forged or truncated cookie is no saved request
        }
        return matching == null ? null : request;
    }

    /** The normalised path and query of a saved absolute URL, or null. */
    public static String pathOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return RedirectPolicy.normalise(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), null);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** Makes the request-cache cookie Secure by {@link Cookies#secure} (e.g. an https public URL behind a TLS proxy). */
    private static final class SecureCookies extends jakarta.servlet.http.HttpServletResponseWrapper {
        SecureCookies(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addCookie(Cookie cookie) {
            cookie.setSecure(true);
            super.addCookie(cookie);
        }
    }

    private record PathOnly(SavedRequest saved, String path) implements SavedRequest {
        @Override public String getRedirectUrl() { return path; }
        @Override public List<Cookie> getCookies() { return saved.getCookies(); }
        @Override public String getMethod() { return saved.getMethod(); }
        @Override public List<String> getHeaderValues(String name) { return saved.getHeaderValues(name); }
        @Override public Collection<String> getHeaderNames() { return saved.getHeaderNames(); }
        @Override public List<Locale> getLocales() { return saved.getLocales(); }
        @Override public String[] getParameterValues(String name) { return saved.getParameterValues(name); }
        @Override public Map<String, String[]> getParameterMap() { return saved.getParameterMap(); }
    }
}
