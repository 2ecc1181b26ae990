package dev.dynauth.spring.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Serves the gateway's public JWK set on Spring MVC, ahead of Spring Security's filters (see {@link JwkSetWebFilter}). */
final class JwkSetServletFilter extends OncePerRequestFilter {

    private final String path;
    private final byte[] body;

    JwkSetServletFilter(GatewayIdentity.JwkSetDocument document) {
        this.path = document.path();
        this.body = document.body();
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
        response.setContentType(GatewayIdentity.JwkSetDocument.CONTENT_TYPE);
        response.setHeader("Cache-Control", GatewayIdentity.JwkSetDocument.CACHE_CONTROL);
        response.setContentLength(body.length);
        if (request.getMethod().equals("GET")) {
            response.getOutputStream().write(body);
        }
    }
}
