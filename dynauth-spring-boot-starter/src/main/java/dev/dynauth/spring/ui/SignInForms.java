package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.AuthPaths;
import java.util.List;

/**
 * The bodies of the sign-in page and of a magic link's confirmation page, on neither stack: the reactive endpoints
 * render them, and so should the servlet's sign-in filter (today {@link DynauthEndpointsFilter} still builds its own,
 * the same markup, while it is being split).
 */
final class SignInForms {
    private SignInForms() {}

    /** A sign-in provider as the page lists it. */
    record Provider(String id, String name) {}

    /**
     * @param errorCode     an Auth.js error code whose message heads the page (null: none)
     * @param email         whether magic links are on (the email form)
     * @param typed         the address typed before a refused request (null: none)
     * @param passkeyButton the passkey button's HTML (null: no passkeys)
     */
    static String signIn(String contextPath, FormCsrf csrf, String callbackUrl, String errorCode, boolean email,
                         String typed, List<Provider> providers, String passkeyButton) {
        StringBuilder body = new StringBuilder();
        if (errorCode != null) {
            body.append("<p role=\"alert\">").append(Html.esc(AuthErrors.info(errorCode).message())).append("</p>");
        }
        if (email) {
            body.append(SignInPages.emailForm(contextPath, csrf, callbackUrl, typed));
        }
        if (email && (!providers.isEmpty() || passkeyButton != null)) {
            body.append("<p class=\"dynauth-or\">or</p>");
        }
        for (Provider p : providers) {
            body.append("<p><a class=\"dynauth-provider\" href=\"").append(Html.esc(contextPath
                    + AuthPaths.OAUTH2_AUTHORIZATION_BASE + "/" + p.id())).append("\">Sign in with ")
                    .append(Html.esc(p.name())).append("</a></p>");
        }
        if (passkeyButton != null) {
            body.append(passkeyButton);
        }
        if (!email && providers.isEmpty() && passkeyButton == null) {
            body.append("<p>There is no way to sign in here yet: the start-up log says what to configure.</p>");
        }
        return body.toString();
    }

    /** "Sign in as ...?": the button POSTs the link (and so consumes it); the identifier is already normalised. */
    static String confirm(String contextPath, FormCsrf csrf, String token, String identifier, String safeCallbackUrl) {
        StringBuilder body = new StringBuilder("<form method=\"post\" action=\"")
                .append(Html.esc(contextPath + AuthPaths.CALLBACK_EMAIL)).append("\">")
                .append("<input type=\"hidden\" name=\"token\" value=\"").append(Html.esc(token)).append("\">")
                .append("<input type=\"hidden\" name=\"email\" value=\"").append(Html.esc(identifier)).append("\">")
                .append("<input type=\"hidden\" name=\"callbackUrl\" value=\"").append(Html.esc(safeCallbackUrl))
                .append("\">");
        SignInPages.hiddenCsrf(body, csrf);
        return body.append("<p>Sign in as <b>").append(Html.esc(identifier)).append("</b>?</p>")
                .append("<button type=\"submit\" id=\"dynauth-confirm\">Sign in</button></form>")
                .append("<p><small>The link works once. If you did not ask to sign in, close this page.</small></p>")
                .toString();
    }

    /** A magic link's identifier when the link is well-formed enough to confirm; null: the Verification error. */
    static String linkIdentifier(String email, String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return null;
        }
        try {
            return dev.dynauth.Identifiers.normalizeEmail(email);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
