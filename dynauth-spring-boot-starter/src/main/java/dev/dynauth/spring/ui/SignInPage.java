package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.DynauthRequestCache;
import dev.dynauth.spring.web.RedirectPolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.savedrequest.SavedRequest;

/** {@code GET /api/auth/signin}, and the same page again after a refused link request. */
final class SignInPage {

    private final EndpointOptions options;

    SignInPage(EndpointOptions options) {
        this.options = options;
    }

    boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        render(request, response, request.getParameter("error"), 200);
        return true;
    }

    /** The sign-in page, with the message of the error code {@code error} (null: none). */
    void render(HttpServletRequest request, HttpServletResponse response, String error, int status) throws IOException {
        String callbackUrl = RedirectPolicy.safeTarget(request, requestedTarget(request, response), "/");
        FormCsrf csrf = FormCsrf.from((CsrfToken) request.getAttribute(CsrfToken.class.getName()));
        // after a refused request the address typed stays in the field (it is never put in a URL)
        String typed = "POST".equals(request.getMethod()) ? request.getParameter("email") : null;
        Html.page(request, response, options.layout, DynauthPageLayout.Page.SIGN_IN, status, "Sign in",
                PageBodies.signIn(request.getContextPath(), error, csrf, callbackUrl, options.magicLinks != null,
                        typed, options.providers.all(), options.passkeys));
    }

    /** The {@code callbackUrl} parameter, else the page the user was sent away from (the cookie request cache). */
    static String requestedTarget(HttpServletRequest request, HttpServletResponse response) {
        String requested = request.getParameter("callbackUrl");
        if (requested == null || requested.isEmpty()) {
            SavedRequest saved = new DynauthRequestCache().getRequest(request, response);
            requested = saved == null ? null : saved.getRedirectUrl();
        }
        return requested;
    }
}
