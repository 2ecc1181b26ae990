package dev.dynauth.spring.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/** Serves the gateway's public JWK set on Spring MVC, ahead of Spring Security's filters (see {@link JwkSetWebFilter}). */
final class JwkSetServletFilter extends OncePerRequestFilter {

    private final String path;
    private final byte[] body;

    JwkSetServletFilter(String path, String jwkSet) {
        this.path = path;
        this.body = jwkSet.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String within = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.equals(within)) {
            chain.doFilter(request, response);
            return;
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        response.setContentType(JwkSetWebFilter.JWK_SET.toString());
        response.setHeader("Cache-Control", "public, max-age=300");
        response.setContentLength(body.length);
        if (request.getMethod().equals("GET")) {
            response.getOutputStream().write(body);
        }
    }
}
