package dev.dynauth.spring.web;

import dev.dynauth.spring.ui.AuthErrors;
import dev.dynauth.spring.ui.DynauthPageLayout;
import dev.dynauth.spring.ui.Html;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter of a dynauth chain: puts the {@link PublicUrl} on the request, and turns "DynamoDB cannot be
 * reached" anywhere behind it (the lazy session lookup of any page, the application's own controllers) into
 * the styled 503 "temporarily unavailable" page with one log line, instead of the container's bare 500 page
 * and a stack trace.
 */
final class DynauthGuardFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(DynauthGuardFilter.class);

    private final PublicUrl publicUrl;
    private final DynauthPageLayout layout;
    private final String signInPage;

    /** The cookie rules every filter after this one reads from the request ({@link Cookies#of}). */
    private final Cookies cookies;

    public DynauthGuardFilter(PublicUrl publicUrl, DynauthPageLayout layout, String signInPage) {
        this(publicUrl, null, layout, signInPage);
    }

    public DynauthGuardFilter(PublicUrl publicUrl, Cookies cookies, DynauthPageLayout layout, String signInPage) {
        this.publicUrl = publicUrl;
        this.cookies = cookies;
        this.layout = layout == null ? DynauthPageLayout.standard() : layout;
        this.signInPage = signInPage == null ? AuthPaths.SIGNIN : signInPage;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(PublicUrl.ATTRIBUTE, publicUrl);
        if (cookies != null) {
            request.setAttribute(Cookies.ATTRIBUTE, cookies);
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (request.getDispatcherType() == jakarta.servlet.DispatcherType.REQUEST && "/error".equals(path)) {
            // the error page asked for directly is no error of the server's
            Html.page(request, response, layout, DynauthPageLayout.Page.ERROR, 404, "Not found",
                    "<p>There is no such page.</p><p><a href=\"" + Html.esc(request.getContextPath() + "/")
                            + "\">Home</a></p>");
            return;
        }
        if (request.getDispatcherType() == jakarta.servlet.DispatcherType.REQUEST && !parametersReadable(request)) {
            LOG.info("dynauth: {} {}: unreadable parameters or body: answered 400", request.getMethod(), path);
            Html.page(request, response, layout, DynauthPageLayout.Page.ERROR, 400, "Bad request",
                    "<p>The request was not understood.</p><p><a href=\"" + Html.esc(request.getContextPath() + "/")
                            + "\">Home</a></p>");
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (PublicUrl.UntrustedHostException e) {
            LOG.warn("dynauth: {} {} refused: {}", request.getMethod(), path, e.getMessage());
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            AuthErrors.render(request, response, AuthErrors.HOST, signInPage, layout);
        } catch (RuntimeException | ServletException e) {
            if (!DynamoDbFaults.unavailable(e) || response.isCommitted()) {
                throw e;
            }
            LOG.warn("dynauth: {} {}: DynamoDB unavailable ({}): answered 503", request.getMethod(),
                    request.getRequestURI(), rootClass(e));
            response.reset();
            response.setHeader("Retry-After", "30");
            if (AuthPaths.SESSION.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
                response.setStatus(503);
                response.setContentType("application/json");
                response.setHeader("Cache-Control", "no-store");
                response.getOutputStream().write("{\"error\":\"Unavailable\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            AuthErrors.render(request, response, AuthErrors.UNAVAILABLE, signInPage, layout);
        }
    }

    /**
     * Whether the container can parse the request's parameters: a malformed percent-escape in the query or form,
     * or a malformed multipart body, makes the container throw on the first {@code getParameter} (a 500 wherever
     * that happens); parsed here first, it is a 400.
     */
    private static boolean parametersReadable(HttpServletRequest request) {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(java.util.Locale.ROOT);
        boolean form = type.startsWith("application/x-www-form-urlencoded");
        boolean multipart = type.startsWith("multipart/");
        String query = request.getQueryString();
        if (!form && !multipart && (query == null || query.indexOf('%') < 0)) {
            return true;
        }
        try {
            if (multipart && "POST".equals(request.getMethod())) {
                request.getParts();
            }
            request.getParameterMap();
            return true;
        } catch (IOException | ServletException | RuntimeException e) {
            return false;
        }
    }

    private static String rootClass(Throwable t) {
        Throwable last = t;
        for (int i = 0; t != null && i < 10; i++, t = t.getCause()) {
            last = t;
        }
        return last.getClass().getName();
    }
}
