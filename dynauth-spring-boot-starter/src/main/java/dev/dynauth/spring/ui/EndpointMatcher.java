package dev.dynauth.spring.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Matches one endpoint by method and exact path within the context (the raw request URI, never decoded nor stripped
 * of path parameters: {@code /api/auth/%73ession} or {@code /api/auth/session;x} is not the session endpoint).
 * The rule is stack-neutral ({@link #matches(String, String)}): the servlet filters ask it with the request, the
 * reactive ones ({@link ReactiveEndpointFilter}) with the exchange's raw path within the application.
 */
final class EndpointMatcher implements RequestMatcher {

    private final Set<String> methods;
    private final String path;
    /** When set, the paths directly under {@code path + "/"} except this one. */
    private final String excludedChild;

    private EndpointMatcher(Set<String> methods, String path, String excludedChild) {
        this.methods = methods;
        this.path = path;
        this.excludedChild = excludedChild;
    }

    /** GET and HEAD of {@code path}. */
    static EndpointMatcher read(String path) {
        return new EndpointMatcher(Set.of("GET", "HEAD"), path, null);
    }

    static EndpointMatcher post(String path) {
        return new EndpointMatcher(Set.of("POST"), path, null);
    }

    /** GET and HEAD of every path under {@code parent + "/"} except {@code excluded}. */
    static EndpointMatcher readUnder(String parent, String excluded) {
        return new EndpointMatcher(Set.of("GET", "HEAD"), parent, excluded);
    }

    /** The path within the context, as the request gave it. */
    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        return matches(request.getMethod(), path(request));
    }

    /**
     * The rule for either stack.
     *
     * @param method the request's method as sent
     * @param p      the path within the context as the request spelled it (not decoded, path parameters kept)
     */
    boolean matches(String method, String p) {
        if (!methods.contains(method)) {
            return false;
        }
        if (excludedChild == null) {
            return path.equals(p);
        }
        return p.startsWith(path + "/") && !excludedChild.equals(p);
    }

    @Override
    public String toString() {
        return methods.stream().sorted().toList() + " " + path + (excludedChild == null ? "" : "/* but " + excludedChild);
    }
}
