package dev.dynauth.spring.ui;

import dev.dynauth.spring.session.SessionJson;
import dev.dynauth.spring.web.DynamoDbFaults;
import dev.dynauth.spring.web.PublicUrl;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One of the Auth.js endpoints that are not Spring Security's own, in the filter chain after the CSRF filter (so
 * POSTs carry a valid CSRF token): its own {@link RequestMatcher}, what it serves, and what a failure answers: the
 * {@code Host} page for an untrusted host, the 503 of the guard filter when DynamoDB is unreachable, else the
 * {@code Configuration} error page (or JSON), never a stack trace.
 */
final class EndpointFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointFilter.class);

    /** What an endpoint serves. */
    @FunctionalInterface
    interface Handler {
        /** @return false when the request goes on down the chain after all (a known OAuth2 provider) */
        boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private final RequestMatcher matcher;
    private final Handler handler;
    private final EndpointOptions options;
    /** Whether a failure answers JSON ({@code /api/auth/session}) rather than the error page. */
    private final boolean json;

    private EndpointFilter(RequestMatcher matcher, Handler handler, EndpointOptions options, boolean json) {
        this.matcher = matcher;
        this.handler = handler;
        this.options = options;
        this.json = json;
    }

    static EndpointFilter page(RequestMatcher matcher, EndpointOptions options, Handler handler) {
        return new EndpointFilter(matcher, handler, options, false);
    }

    static EndpointFilter json(RequestMatcher matcher, EndpointOptions options, Handler handler) {
        return new EndpointFilter(matcher, handler, options, true);
    }

    /** One attribute per endpoint: the endpoints share this class, and each must run once, not only the first. */
    @Override
    protected String getAlreadyFilteredAttributeName() {
        return EndpointFilter.class.getName() + "." + matcher + ".FILTERED";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!matcher.matches(request)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            if (handler.serve(request, response)) {
                return;
            }
        } catch (PublicUrl.UntrustedHostException e) {
            LOG.warn("dynauth: {} {} refused: {}", request.getMethod(), EndpointMatcher.path(request), e.getMessage());
            if (!response.isCommitted()) {
                response.reset();
                AuthErrors.render(request, response, AuthErrors.HOST, options.signInPage, options.layout);
            }
            return;
        } catch (RuntimeException e) {
            if (DynamoDbFaults.unavailable(e)) {
                throw e; // the guard filter answers 503 "temporarily unavailable"
            }
            // never a stack trace to the browser, nor the exception's message in the log (it may quote input)
            LOG.error("dynauth: {} {} failed: {}", request.getMethod(), EndpointMatcher.path(request),
                    e.getClass().getName());
            if (!response.isCommitted()) {
                response.reset();
                failed(request, response);
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private void failed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (json) {
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            response.getOutputStream().write(SessionJson.CONFIGURATION_ERROR.getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            AuthErrors.render(request, response, AuthErrors.CONFIGURATION, options.signInPage, options.layout);
        } catch (RuntimeException layoutFailed) {
            // the failure may be the layout's own: the error page still shows, in the plain layout
            response.reset();
            AuthErrors.render(request, response, AuthErrors.CONFIGURATION, options.signInPage,
                    DynauthPageLayout.standard());
        }
    }
}
