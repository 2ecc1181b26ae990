package dev.dynauth.app;

import dev.dynauth.spring.AuthPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Gives the starter's own pages (sign-in, check your email, sign-in errors) the layout of the app's pages,
 * so that a newcomer walks through one site: the starter renders them, this filter takes the heading and
 * body of its bare page and puts them in {@link Pages}' layout, with a hint where this server adds one.
 * Status, headers, redirects and anything that is not such a page pass unchanged.
 */
final class StarterPages extends OncePerRequestFilter {
    static final String[] PATHS = {AuthPaths.SIGNIN, AuthPaths.VERIFY_REQUEST, AuthPaths.ERROR};
    /** The starter's page: its heading, then its body up to the end of its main element. */
    private static final Pattern PAGE = Pattern.compile("(?s)<main[^>]*><h1>(.*?)</h1>(.*)</main>");

    private final Pages pages;

    StarterPages(Pages pages) {
        this.pages = pages;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, wrapper);
        String type = wrapper.getContentType();
        Matcher m = type != null && type.startsWith("text/html") && !response.isCommitted()
                ? PAGE.matcher(new String(wrapper.getContentAsByteArray(), StandardCharsets.UTF_8)) : null;
        if (m == null || !m.find()) {
            wrapper.copyBodyToResponse();
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        byte[] page = pages.html(request, m.group(1), m.group(2) + extra(path)).getBytes(StandardCharsets.UTF_8);
        wrapper.resetBuffer();
        response.setContentType(Pages.HTML.toString());
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    /** What this server adds to a starter page: where the development mailbox is, the passkey sign-in. */
    private String extra(String path) {
        return switch (path) {
            case AuthPaths.SIGNIN -> "<p class=muted>Have a passkey? <a href=\"/\">Sign in with a passkey</a>.</p>"
                    + (pages.devMailbox() ? Pages.DEV_MAILBOX_HINT : "");
            case AuthPaths.VERIFY_REQUEST -> (pages.devMailbox()
                    ? "<p class=hint><b>Development server:</b> no SMTP server is configured, so the link is in the "
                            + "development mailbox instead of an inbox.</p>"
                            + "<p><a class=\"button primary\" href=\"/dev/mailbox\">Open the development mailbox</a></p>"
                    : "<p>Open the email and follow the link in it to sign in. The link works once.</p>")
                    + "<p class=muted>Wrong address, or no email? <a href=\"/\">Try again</a>.</p>";
            default -> "";
        };
    }
}
