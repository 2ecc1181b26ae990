package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.session.DynauthAuthentication;
import dev.dynauth.spring.web.RedirectPolicy;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * Parts of the starter's pages that a person reads: the email form and passkey button of the sign-in page,
 * the check-your-email page (which names the address the link went to) and the sign-out page.
 */
public final class SignInPages {
    private SignInPages() {}

    /**
     * Carries the address a link was just sent to from the link request to the check-your-email page: a
     * short-lived cookie for that one path, so the address never travels in a URL (history, logs, referrers)
     * and the page cannot be made to show an address the browser did not type.
     */
    public static final String ADDRESS_COOKIE = Cookies.SENT_TO;
    private static final int ADDRESS_COOKIE_SECONDS = 15 * 60;

    public static String emailForm(HttpServletRequest request, CsrfToken csrf, String callbackUrl, String typed) {
        return emailForm(request.getContextPath(), FormCsrf.from(csrf), callbackUrl, typed);
    }

    /** The email form, stack-neutral. */
    static String emailForm(String contextPath, FormCsrf csrf, String callbackUrl, String typed) {
        StringBuilder b = new StringBuilder("<p>Enter your email address and we will send you a link that signs you "
                + "in. No password needed.</p>");
        b.append("<form method=\"post\" action=\"").append(Html.esc(contextPath + AuthPaths.SIGNIN_EMAIL))
                .append("\"><label>Email address <input type=\"email\" name=\"email\" required maxlength=\"320\" ")
                .append("autocomplete=\"email webauthn\" placeholder=\"you@example.com\"");
        if (typed != null && !typed.isEmpty()) {
            b.append(" value=\"").append(Html.esc(typed.length() > 320 ? typed.substring(0, 320) : typed)).append('"');
        }
        b.append("></label><input type=\"hidden\" name=\"callbackUrl\" value=\"").append(Html.esc(callbackUrl)).append("\">");
        hiddenCsrf(b, csrf);
        return b.append("<button type=\"submit\" id=\"dynauth-email-signin\">Email me a sign-in link</button></form>")
                .toString();
    }

    /** Hidden until the script finds WebAuthn: without JavaScript the page offers only what works without it. */
    public static String passkeyButton(HttpServletRequest request, CsrfToken csrf) {
        return passkeyButton(request.getContextPath(), FormCsrf.from(csrf));
    }

    /** The passkey button, stack-neutral. */
    static String passkeyButton(String contextPath, FormCsrf csrf) {
        StringBuilder b = new StringBuilder("<p><button type=\"button\" id=\"dynauth-passkey\" hidden data-context-path=\"")
                .append(Html.esc(contextPath)).append('"');
        csrfData(b, csrf);
        return b.append(">Sign in with a passkey</button></p><p id=\"dynauth-passkey-status\" role=\"status\"></p>")
                .append(script(contextPath)).toString();
    }

    public static String script(HttpServletRequest request) {
        return script(request.getContextPath());
    }

    static String script(String contextPath) {
        return "<script src=\"" + Html.esc(contextPath + AuthPaths.PASSKEY_SCRIPT) + "\" defer></script>";
    }

    public static void csrfData(StringBuilder b, CsrfToken csrf) {
        csrfData(b, FormCsrf.from(csrf));
    }

    static void csrfData(StringBuilder b, FormCsrf csrf) {
        if (csrf != null) {
            b.append(" data-csrf-header=\"").append(Html.esc(csrf.headerName()))
                    .append("\" data-csrf-token=\"").append(Html.esc(csrf.token())).append('"');
        }
    }

    public static void hiddenCsrf(StringBuilder b, CsrfToken csrf) {
        hiddenCsrf(b, FormCsrf.from(csrf));
    }

    static void hiddenCsrf(StringBuilder b, FormCsrf csrf) {
        if (csrf != null) {
            b.append("<input type=\"hidden\" name=\"").append(Html.esc(csrf.parameterName()))
                    .append("\" value=\"").append(Html.esc(csrf.token())).append("\">");
        }
    }

    public static void rememberAddress(HttpServletRequest request, HttpServletResponse response, String identifier) {
        response.addHeader(org.springframework.http.HttpHeaders.SET_COOKIE, addressCookie(Cookies.of(request)
                .cookie(request, ADDRESS_COOKIE, "", java.time.Duration.ZERO), request.getContextPath(), identifier)
                .toString());
    }

    /** The "sent to" cookie of an address, from a cookie builder with dynauth's attributes (either stack). */
    static org.springframework.http.ResponseCookie addressCookie(
            org.springframework.http.ResponseCookie.ResponseCookieBuilder base, String contextPath, String identifier) {
        return base.value(PageBodies.addressCookieValue(identifier))
                .maxAge(java.time.Duration.ofSeconds(ADDRESS_COOKIE_SECONDS))
                .path(contextPath + AuthPaths.VERIFY_REQUEST).build();
    }

    /** The check-your-email page: which address, and in development where the link is instead. */
    public static String verifyRequest(HttpServletRequest request, boolean linksLogged) {
        return PageBodies.verifyRequest(sentTo(request), linksLogged);
    }

    private static String sentTo(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie c : request.getCookies()) {
            if (ADDRESS_COOKIE.equals(c.getName()) && c.getValue().length() <= PageBodies.MAX_ADDRESS_COOKIE) {
                return PageBodies.address(c.getValue());
            }
        }
        return null;
    }

    /**
     * {@code GET /api/auth/signout}: as Auth.js, a confirmation with a button that posts the sign-out; once
     * signed out (where the sign-out leads by default), "You are signed out".
     */
    public static void signOut(HttpServletRequest request, HttpServletResponse response, DynauthPageLayout layout,
                        DynauthAuthentication signedIn, String signInPage) throws IOException {
        if (signedIn == null) {
            String signIn = signInPage.startsWith("/") ? request.getContextPath() + signInPage : signInPage;
            Html.page(request, response, layout, DynauthPageLayout.Page.SIGN_OUT, 200, "Signed out",
                    PageBodies.signedOut(signIn));
            return;
        }
        String callbackUrl = request.getParameter("callbackUrl");
        String safe = callbackUrl == null || callbackUrl.isEmpty() ? null
                : RedirectPolicy.safeTarget(request, callbackUrl, request.getContextPath() + AuthPaths.SIGNOUT);
        Html.page(request, response, layout, DynauthPageLayout.Page.SIGN_OUT, 200, "Sign out",
                PageBodies.signOut(request.getContextPath(), safe,
                        FormCsrf.from((CsrfToken) request.getAttribute(CsrfToken.class.getName()))));
    }
}
