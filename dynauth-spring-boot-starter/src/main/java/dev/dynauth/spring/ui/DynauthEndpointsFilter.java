package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.DynamoDbFaults;
import dev.dynauth.spring.session.DynauthAuthentication;
import dev.dynauth.spring.web.DynauthRequestCache;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.spring.web.RedirectPolicy;

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

/**
 * The Auth.js endpoints that are not Spring Security's own: sign-in page, magic-link request and
 * callback, verify-request, sign-out ({@code GET}: the confirmation) and error pages, and the session JSON. Runs inside the security filter
 * chain, after the CSRF filter, so POSTs carry a valid CSRF token. Its HTML pages are wrapped by a
 * {@link DynauthPageLayout}.
 */
public class DynauthEndpointsFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(DynauthEndpointsFilter.class);

    private final MagicLinkService magicLinks;
    private final DynauthSessions sessions;
    private final DynauthSecurityContextRepository contexts;
    private final ClientRegistrationRepository registrations;
    private final String signInPage;
    private final boolean passkeys;
    private final DynauthPageLayout layout;
    /** {@code dynauth.magic-link.confirm}: a link's GET shows a confirmation page; its POST signs in. */
    private boolean confirmLinks;

    /** Turns the magic-link confirmation page on ({@code dynauth.magic-link.confirm}). */
    public DynauthEndpointsFilter confirmMagicLinks(boolean confirm) {
        this.confirmLinks = confirm;
        return this;
    }

    /** {@code magicLinks} and {@code registrations} may be null (feature off). */
    public DynauthEndpointsFilter(MagicLinkService magicLinks, DynauthSessions sessions,
                                  DynauthSecurityContextRepository contexts, ClientRegistrationRepository registrations) {
        this(magicLinks, sessions, contexts, registrations, AuthPaths.SIGNIN, false);
    }

    /**
     * @param signInPage where the error pages' "Sign in" link goes ({@code dynauth.sign-in-page})
     * @param passkeys   whether the sign-in page offers the passkey button (passkeys enabled)
     */
    public DynauthEndpointsFilter(MagicLinkService magicLinks, DynauthSessions sessions,
                                  DynauthSecurityContextRepository contexts, ClientRegistrationRepository registrations,
                                  String signInPage, boolean passkeys) {
        this(magicLinks, sessions, contexts, registrations, signInPage, passkeys, DynauthPageLayout.standard());
    }

    /**
     * @param signInPage where the error pages' "Sign in" link goes ({@code dynauth.sign-in-page})
     * @param passkeys   whether the sign-in page offers the passkey button (passkeys enabled)
     * @param layout     the document around the sign-in, check-your-email and error pages
     *                   (null: {@link DynauthPageLayout#standard()})
     */
    public DynauthEndpointsFilter(MagicLinkService magicLinks, DynauthSessions sessions,
                                  DynauthSecurityContextRepository contexts, ClientRegistrationRepository registrations,
                                  String signInPage, boolean passkeys, DynauthPageLayout layout) {
        this.magicLinks = magicLinks;
        this.sessions = sessions;
        this.contexts = contexts;
        this.registrations = registrations;
        this.signInPage = signInPage == null ? AuthPaths.SIGNIN : signInPage;
        this.passkeys = passkeys;
        this.layout = layout == null ? DynauthPageLayout.standard() : layout;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        try {
            if (handle(path, request, response)) {
                return;
            }
        } catch (PublicUrl.UntrustedHostException e) {
            LOG.warn("dynauth: {} {} refused: {}", request.getMethod(), path, e.getMessage());
            if (!response.isCommitted()) {
                response.reset();
                AuthErrors.render(request, response, AuthErrors.HOST, signInPage, layout);
            }
            return;
        } catch (RuntimeException e) {
            if (DynamoDbFaults.unavailable(e)) {
                throw e; // the guard filter answers 503 "temporarily unavailable"
            }
            // never a stack trace to the browser, nor the exception's message in the log (it may quote input)
            LOG.error("dynauth: {} {} failed: {}", request.getMethod(), path, e.getClass().getName());
            if (!response.isCommitted()) {
                response.reset();
                if (AuthPaths.SESSION.equals(path)) {
                    response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                    response.setContentType("application/json");
                    response.setHeader("Cache-Control", "no-store");
                    response.getOutputStream().write("{\"error\":\"Configuration\"}".getBytes(StandardCharsets.UTF_8));
                } else {
                    try {
                        AuthErrors.render(request, response, AuthErrors.CONFIGURATION, signInPage, layout);
                    } catch (RuntimeException layoutFailed) {
                        // the failure may be the layout's own: the error page still shows, in the plain layout
                        response.reset();
                        AuthErrors.render(request, response, AuthErrors.CONFIGURATION, signInPage,
                                DynauthPageLayout.standard());
                    }
                }
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /** Serves a dynauth endpoint; false when the request is not one. */
    private boolean handle(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            switch (path) {
                case AuthPaths.SIGNIN -> { signInPage(request, response, request.getParameter("error"), 200); return true; }
                case AuthPaths.VERIFY_REQUEST -> {
                    Html.page(request, response, layout, DynauthPageLayout.Page.VERIFY_REQUEST, 200, "Check your email",
                            SignInPages.verifyRequest(request, magicLinks != null && magicLinks.linksLogged()));
                    return true;
                }
                case AuthPaths.SIGNOUT -> {
                    SignInPages.signOut(request, response, layout, contexts.resolve(request), signInPage);
                    return true;
                }
                case AuthPaths.ERROR -> {
                    AuthErrors.render(request, response, request.getParameter("error"), signInPage, layout);
                    return true;
                }
                case AuthPaths.SESSION -> { sessionJson(request, response); return true; }
                case AuthPaths.PASSKEY_SCRIPT -> {
                    if (passkeys) {
                        passkeyScript(response);
                        return true;
                    }
                }
                case AuthPaths.CALLBACK_EMAIL -> {
                    if (magicLinks != null) {
                        // only a GET may consume a link: a HEAD (a mail scanner probing it) gets the page, unused
                        if (confirmLinks || "HEAD".equals(method)) {
                            confirmPage(request, response);
                        } else {
                            emailCallback(request, response);
                        }
                        return true;
                    }
                }
                default -> {
                    if (path.startsWith(AuthPaths.SIGNIN + "/") && !AuthPaths.SIGNIN_EMAIL.equals(path)) {
                        return oauthStart(path.substring(AuthPaths.SIGNIN.length() + 1), request, response);
                    }
                }
            }
        } else if ("POST".equals(method) && AuthPaths.SIGNIN_EMAIL.equals(path) && magicLinks != null) {
            requestLink(request, response);
            return true;
        } else if ("POST".equals(method) && AuthPaths.CALLBACK_EMAIL.equals(path) && magicLinks != null && confirmLinks) {
            emailCallback(request, response);
            return true;
        }
        return false;
    }

    /**
     * {@code GET /api/auth/signin/{id}}: an unknown provider is a 404 page (Spring's resolver would throw for it);
     * a known one goes on to Spring's redirect filter once the public URL its redirect URI needs is trusted.
     */
    private boolean oauthStart(String registrationId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ClientRegistration registration = null;
        if (registrations != null && !registrationId.isEmpty() && registrationId.length() <= 100) {
            registration = registrations.findByRegistrationId(registrationId);
        }
        if (registration == null) {
            Html.page(request, response, layout, DynauthPageLayout.Page.ERROR, 404, "Not found",
                    "<p>There is no such sign-in provider.</p><p><a href=\"" + Html.esc(request.getContextPath()
                            + AuthPaths.SIGNIN) + "\">Sign in</a></p>");
            return true;
        }
        publicUrl(request).origin(request); // UntrustedHostException before any redirect URI is built
        return false;
    }

    /** The confirmation page of a magic link: "Sign in as ...", whose button POSTs the link (and consumes it). */
    private void confirmPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = request.getParameter("token");
        String email = request.getParameter("email");
        String identifier;
        try {
            identifier = dev.dynauth.Identifiers.normalizeEmail(email);
        } catch (IllegalArgumentException e) {
            identifier = null;
        }
        if (identifier == null || token == null || token.isEmpty() || token.length() > 256) {
            AuthErrors.render(request, response, AuthErrors.VERIFICATION, signInPage, layout);
            return;
        }
        String callbackUrl = RedirectPolicy.safeTarget(request, request.getParameter("callbackUrl"),
                request.getContextPath() + "/");
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        StringBuilder body = new StringBuilder("<form method=\"post\" action=\"")
                .append(Html.esc(request.getContextPath() + AuthPaths.CALLBACK_EMAIL)).append("\">")
                .append("<input type=\"hidden\" name=\"token\" value=\"").append(Html.esc(token)).append("\">")
                .append("<input type=\"hidden\" name=\"email\" value=\"").append(Html.esc(identifier)).append("\">")
                .append("<input type=\"hidden\" name=\"callbackUrl\" value=\"").append(Html.esc(callbackUrl)).append("\">");
        if (csrf != null) {
            body.append("<input type=\"hidden\" name=\"").append(Html.esc(csrf.getParameterName()))
                    .append("\" value=\"").append(Html.esc(csrf.getToken())).append("\">");
        }
        body.append("<p>Sign in as <b>").append(Html.esc(identifier)).append("</b>?</p>")
                .append("<button type=\"submit\" id=\"dynauth-confirm\">Sign in</button></form>")
                .append("<p><small>The link works once. If you did not ask to sign in, close this page.</small></p>");
        response.setHeader("Referrer-Policy", "no-referrer");
        Html.page(request, response, layout, DynauthPageLayout.Page.SIGN_IN, 200, "Confirm sign-in", body.toString());
    }

    private static PublicUrl publicUrl(HttpServletRequest request) {
        return PublicUrl.from(request).orElseGet(() -> PublicUrl.of(null, false));
    }

    private void requestLink(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // an application's own sign-in page may leave callbackUrl out: then the page the user came from
        String callbackUrl = RedirectPolicy.safeTarget(request, requestedTarget(request, response), "/");
        // the link's host is the public URL's, never the Host header's (an attacker's host would receive the token)
        String callbackBase = publicUrl(request).absolute(request, AuthPaths.CALLBACK_EMAIL);
        String identifier;
        try {
            identifier = magicLinks.request(request.getParameter("email"), callbackBase, callbackUrl, request.getRemoteAddr());
        } catch (MagicLinkService.RefusedException e) {
            String code = e.refusal() == MagicLinkService.Refusal.RATE_LIMITED ? AuthErrors.RATE_LIMITED : AuthErrors.EMAIL_SIGNIN;
            if (AuthPaths.SIGNIN.equals(signInPage)) {
                // the starter's own sign-in page again, saying what went wrong and keeping what was typed
                signInPage(request, response, code, AuthErrors.INFO.get(code).status());
            } else {
                response.sendRedirect(AuthErrors.url(request, code));
            }
            return;
        } catch (RuntimeException e) {
            // a server fault, never the address's: not the EmailSignin page, which asks to check the address
            LOG.error("dynauth: sending a sign-in link failed: {}", e.getClass().getName());
            response.sendRedirect(AuthErrors.url(request, DynamoDbFaults.unavailable(e) ? AuthErrors.UNAVAILABLE
                    : AuthErrors.CONFIGURATION));
            return;
        }
        SignInPages.rememberAddress(request, response, identifier);
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
        String json = dev.dynauth.spring.session.SessionJson.of(auth);
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The sign-in page, with the message of the error code {@code error} (null: none). */
    private void signInPage(HttpServletRequest request, HttpServletResponse response, String error, int status)
            throws IOException {
        String callbackUrl = RedirectPolicy.safeTarget(request, requestedTarget(request, response), "/");
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        StringBuilder body = new StringBuilder();
        if (error != null) {
            AuthErrors.Info info = AuthErrors.INFO.getOrDefault(error, AuthErrors.INFO.get(AuthErrors.DEFAULT));
            body.append("<p role=\"alert\">").append(Html.esc(info.message())).append("</p>");
        }
        if (magicLinks != null) {
            // after a refused request the address typed stays in the field (it is never put in a URL)
            String typed = "POST".equals(request.getMethod()) ? request.getParameter("email") : null;
            body.append(SignInPages.emailForm(request, csrf, callbackUrl, typed));
        }
        List<ClientRegistration> providers = providers();
        if (magicLinks != null && (!providers.isEmpty() || passkeys)) {
            body.append("<p class=\"dynauth-or\">or</p>");
        }
        for (ClientRegistration r : providers) {
            body.append("<p><a class=\"dynauth-provider\" href=\"").append(Html.esc(request.getContextPath()
                    + AuthPaths.OAUTH2_AUTHORIZATION_BASE + "/" + r.getRegistrationId())).append("\">Sign in with ")
                    .append(Html.esc(r.getClientName())).append("</a></p>");
        }
        if (passkeys) {
            body.append(SignInPages.passkeyButton(request, csrf));
        }
        if (magicLinks == null && providers.isEmpty() && !passkeys) {
            body.append("<p>There is no way to sign in here yet: the start-up log says what to configure.</p>");
        }
        Html.page(request, response, layout, DynauthPageLayout.Page.SIGN_IN, status, "Sign in", body.toString());
    }

    /** The {@code callbackUrl} parameter, else the page the user was sent away from (the cookie request cache). */
    private static String requestedTarget(HttpServletRequest request, HttpServletResponse response) {
        String requested = request.getParameter("callbackUrl");
        if (requested == null || requested.isEmpty()) {
            org.springframework.security.web.savedrequest.SavedRequest saved =
                    new DynauthRequestCache().getRequest(request, response);
            requested = saved == null ? null : saved.getRedirectUrl();
        }
        return requested;
    }

    private static volatile byte[] script;

    private static void passkeyScript(HttpServletResponse response) throws IOException {
        byte[] bytes = script;
        if (bytes == null) {
            try (java.io.InputStream in = DynauthEndpointsFilter.class.getResourceAsStream("passkey.js")) {
                if (in == null) {
                    throw new IllegalStateException("passkey.js missing from the starter");
                }
                bytes = in.readAllBytes();
            }
            script = bytes;
        }
        response.setStatus(200);
        response.setContentType("text/javascript;charset=UTF-8");
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
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
        return dev.dynauth.spring.session.SessionJson.string(s);
    }
}
