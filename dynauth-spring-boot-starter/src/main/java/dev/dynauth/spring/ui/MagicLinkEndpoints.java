package dev.dynauth.spring.ui;

import dev.dynauth.AdapterUser;
import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.DynamoDbFaults;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.spring.web.RedirectPolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * The magic-link endpoints: {@code POST /api/auth/signin/email} sends a link; {@code /api/auth/callback/email} is
 * the link (its GET signs in, or with {@code dynauth.magic-link.confirm} shows "Sign in as ..." whose POST signs in).
 */
final class MagicLinkEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(MagicLinkEndpoints.class);

    private final EndpointOptions options;
    private final MagicLinkService magicLinks;
    private final SignInPage signInPage;

    MagicLinkEndpoints(EndpointOptions options, SignInPage signInPage) {
        this.options = options;
        this.magicLinks = options.magicLinks;
        this.signInPage = signInPage;
    }

    /** {@code POST /api/auth/signin/email}. */
    boolean request(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // an application's own sign-in page may leave callbackUrl out: then the page the user came from
        String callbackUrl = RedirectPolicy.safeTarget(request, SignInPage.requestedTarget(request, response), "/");
        // the link's host is the public URL's, never the Host header's (an attacker's host would receive the token)
        String callbackBase = publicUrl(request).absolute(request, AuthPaths.CALLBACK_EMAIL);
        String identifier;
        try {
            identifier = magicLinks.request(request.getParameter("email"), callbackBase, callbackUrl, request.getRemoteAddr());
        } catch (MagicLinkService.RefusedException e) {
            String code = e.refusal() == MagicLinkService.Refusal.RATE_LIMITED ? AuthErrors.RATE_LIMITED : AuthErrors.EMAIL_SIGNIN;
            if (AuthPaths.SIGNIN.equals(options.signInPage)) {
                // the starter's own sign-in page again, saying what went wrong and keeping what was typed
                signInPage.render(request, response, code, AuthErrors.INFO.get(code).status());
            } else {
                response.sendRedirect(AuthErrors.url(request, code));
            }
            return true;
        } catch (RuntimeException e) {
            // a server fault, never the address's: not the EmailSignin page, which asks to check the address
            LOG.error("dynauth: sending a sign-in link failed: {}", e.getClass().getName());
            response.sendRedirect(AuthErrors.url(request, DynamoDbFaults.unavailable(e) ? AuthErrors.UNAVAILABLE
                    : AuthErrors.CONFIGURATION));
            return true;
        }
        SignInPages.rememberAddress(request, response, identifier);
        response.sendRedirect(request.getContextPath() + AuthPaths.VERIFY_REQUEST + "?provider=email&type=email");
        return true;
    }

    /** {@code GET /api/auth/callback/email}: only a GET may use a link up (a HEAD, a mail scanner's probe, may not). */
    boolean link(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (options.confirmMagicLinks || "HEAD".equals(request.getMethod())) {
            confirmPage(request, response);
        } else {
            signIn(request, response);
        }
        return true;
    }

    /** {@code POST /api/auth/callback/email} (confirmation on), or a link's GET: uses the link up and signs in. */
    boolean signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<AdapterUser> user = magicLinks.verify(request.getParameter("email"), request.getParameter("token"));
        if (user.isEmpty()) {
            response.sendRedirect(AuthErrors.url(request, AuthErrors.VERIFICATION));
            return true;
        }
        options.sessions.signIn(user.get(), request, response);
        response.sendRedirect(RedirectPolicy.safeTarget(request, request.getParameter("callbackUrl"),
                request.getContextPath() + "/"));
        return true;
    }

    /** The confirmation page of a magic link: "Sign in as ...", whose button POSTs the link (and uses it up). */
    private void confirmPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = request.getParameter("token");
        Optional<String> identifier = magicLinks.linkAddress(request.getParameter("email"), token);
        if (identifier.isEmpty()) {
            AuthErrors.render(request, response, AuthErrors.VERIFICATION, options.signInPage, options.layout);
            return;
        }
        String callbackUrl = RedirectPolicy.safeTarget(request, request.getParameter("callbackUrl"),
                request.getContextPath() + "/");
        FormCsrf csrf = FormCsrf.from((CsrfToken) request.getAttribute(CsrfToken.class.getName()));
        response.setHeader("Referrer-Policy", "no-referrer");
        Html.page(request, response, options.layout, DynauthPageLayout.Page.SIGN_IN, 200, "Confirm sign-in",
                PageBodies.magicLinkConfirm(request.getContextPath(), token, identifier.get(), callbackUrl, csrf));
    }

    static PublicUrl publicUrl(HttpServletRequest request) {
        return PublicUrl.from(request).orElseGet(() -> PublicUrl.of(null, false));
    }
}
