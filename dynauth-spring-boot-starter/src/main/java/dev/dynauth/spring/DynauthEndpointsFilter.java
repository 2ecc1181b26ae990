package dev.dynauth.spring;

import dev.dynauth.AdapterUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The Auth.js endpoints that are not Spring Security's own: sign-in page, magic-link request and
 * callback, verify-request and error pages, and the session JSON. Runs inside the security filter
 * chain, after the CSRF filter, so POSTs carry a valid CSRF token.
 */
public class DynauthEndpointsFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(DynauthEndpointsFilter.class);

    private final MagicLinkService magicLinks;
    private final DynauthSessions sessions;
    private final DynauthSecurityContextRepository contexts;
    private final ClientRegistrationRepository registrations;

    /** {@code magicLinks} and {@code registrations} may be null (feature off). */
    public DynauthEndpointsFilter(MagicLinkService magicLinks, DynauthSessions sessions,
                                  DynauthSecurityContextRepository contexts, ClientRegistrationRepository registrations) {
        this.magicLinks = magicLinks;
        this.sessions = sessions;
        this.contexts = contexts;
        this.registrations = registrations;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            switch (path) {
                case AuthPaths.SIGNIN -> { signInPage(request, response); return; }
                case AuthPaths.VERIFY_REQUEST -> {
                    Html.page(response, 200, "Check your email", "<p>A sign-in link has been sent to your email address.</p>");
                    return;
                }
                case AuthPaths.ERROR -> { AuthErrors.render(response, request.getParameter("error")); return; }
                case AuthPaths.SESSION -> { sessionJson(request, response); return; }
                case AuthPaths.CALLBACK_EMAIL -> {
                    if (magicLinks != null) {
                        emailCallback(request, response);
                        return;
                    }
                }
                default -> { }
            }
        } else if ("POST".equals(method) && AuthPaths.SIGNIN_EMAIL.equals(path) && magicLinks != null) {
            requestLink(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void requestLink(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String callbackUrl = RedirectPolicy.safeTarget(request, request.getParameter("callbackUrl"), "/");
        String callbackBase = UriComponentsBuilder.fromUriString(request.getRequestURL().toString())
                .replacePath(request.getContextPath() + AuthPaths.CALLBACK_EMAIL).replaceQuery(null).build().toUriString();
        try {
            magicLinks.request(request.getParameter("email"), callbackBase, callbackUrl);
        } catch (MagicLinkService.RefusedException e) {
            response.sendRedirect(AuthErrors.url(request, e.refusal() == MagicLinkService.Refusal.RATE_LIMITED
                    ? AuthErrors.RATE_LIMITED : AuthErrors.EMAIL_SIGNIN));
            return;
        } catch (RuntimeException e) {
            LOG.error("dynauth: sending a sign-in link failed: {}", e.getClass().getName());
            response.sendRedirect(AuthErrors.url(request, AuthErrors.EMAIL_SIGNIN));
            return;
        }
        response.sendRedirect(request.getContextPath() + AuthPaths.VERIFY_REQUEST + "?provider=email&type=email");
    }

    private void emailCallback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<AdapterUser> user = magicLinks.verify(request.getParameter("email"), request.getParameter("token"));
        if (user.isEmpty()) {
            response.sendRedirect(AuthErrors.url(request, AuthErrors.VERIFICATION));
            return;
        }
        sessions.signIn(user.get(), request, response);
        response.sendRedirect(RedirectPolicy.safeTarget(request, request.getParameter("callbackUrl"),
                request.getContextPath() + "/"));
    }

    private void sessionJson(HttpServletRequest request, HttpServletResponse response) throws IOException {
        DynauthAuthentication auth = contexts.resolve(request);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        String json = "{}";
        if (auth != null) {
            AdapterUser u = auth.user();
            json = "{\"user\":{\"id\":" + jsonString(u.id()) + ",\"name\":" + jsonString(u.name()) + ",\"email\":"
                    + jsonString(u.email()) + ",\"image\":" + jsonString(u.image()) + "},\"expires\":"
                    + jsonString(auth.session().expires().toString()) + "}";
        }
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    private void signInPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requested = request.getParameter("callbackUrl");
        if (requested == null) {
            // the page the user was sent here from, kept by the cookie request cache
            org.springframework.security.web.savedrequest.SavedRequest saved =
                    new org.springframework.security.web.savedrequest.CookieRequestCache().getRequest(request, response);
            requested = saved == null ? null : saved.getRedirectUrl();
        }
        String callbackUrl = RedirectPolicy.safeTarget(request, requested, "/");
        StringBuilder body = new StringBuilder();
        String error = request.getParameter("error");
        if (error != null) {
            AuthErrors.Info info = AuthErrors.INFO.getOrDefault(error, AuthErrors.INFO.get(AuthErrors.DEFAULT));
            body.append("<p role=\"alert\">").append(Html.esc(info.message())).append("</p>");
        }
        for (ClientRegistration r : providers()) {
            body.append("<p><a href=\"").append(Html.esc(request.getContextPath() + AuthPaths.OAUTH2_AUTHORIZATION_BASE
                    + "/" + r.getRegistrationId())).append("\">Sign in with ")
                    .append(Html.esc(r.getClientName())).append("</a></p>");
        }
        if (magicLinks != null) {
            CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            body.append("<form method=\"post\" action=\"").append(Html.esc(request.getContextPath() + AuthPaths.SIGNIN_EMAIL))
                    .append("\"><label>Email <input type=\"email\" name=\"email\" required autocomplete=\"email\"></label>")
                    .append("<input type=\"hidden\" name=\"callbackUrl\" value=\"").append(Html.esc(callbackUrl)).append("\">");
            if (csrf != null) {
                body.append("<input type=\"hidden\" name=\"").append(Html.esc(csrf.getParameterName()))
                        .append("\" value=\"").append(Html.esc(csrf.getToken())).append("\">");
            }
            body.append("<button type=\"submit\">Sign in with email</button></form>");
        }
        Html.page(response, 200, "Sign in", body.toString());
    }

    private List<ClientRegistration> providers() {
        List<ClientRegistration> list = new ArrayList<>();
        if (registrations instanceof Iterable<?> it) {
            for (Object o : it) {
                if (o instanceof ClientRegistration r) {
                    list.add(r);
                }
            }
        }
        return list;
    }

    static String jsonString(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '<' -> b.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
