package dev.dynauth.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * The page a signed-out user asked for, kept in a cookie ({@link CookieRequestCache}) so any instance can
 * send them back after signing in. Two fixes over the plain cookie cache:
 * <ul>
 *   <li>only page views (GET) are kept: a form posted after the session ended is not a page to come back to;</li>
 *   <li>a request matching the kept page goes on as itself: the cookie cache would replace it with a copy
 *       that has no headers, so a second visit to a protected page without signing in lost its
 *       {@code Accept: text/html} and got a bare 401 instead of the sign-in page.</li>
 * </ul>
 */
final class DynauthRequestCache implements RequestCache {
    private final CookieRequestCache cookies = new CookieRequestCache();

    @Override
    public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
        if ("GET".equals(request.getMethod())) {
            cookies.saveRequest(request, response);
        }
    }

    @Override
    public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
        return cookies.getRequest(request, response);
    }

    @Override
    public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
        return cookies.getMatchingRequest(request, response) == null ? null : request;
    }

    @Override
    public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
        cookies.removeRequest(request, response);
    }
}
