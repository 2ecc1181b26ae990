package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.AuthPaths;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The bodies of the starter's pages, stack-neutral (plain values in, HTML out): the servlet endpoints and reactive
 * ones render the same pages. The layout around them is the {@link DynauthPageLayout}'s.
 */
final class PageBodies {
    private PageBodies() {}

    /** The longest check-your-email cookie value read (an address of 320 characters, base64url, with room). */
    static final int MAX_ADDRESS_COOKIE = 600;

    /**
     * @param error       an Auth.js error code whose words the page shows, or null
     * @param email       whether magic links are offered
     * @param typed       the address typed in a refused request (kept in the field, never in a URL), or null
     */
    static String signIn(String contextPath, String error, FormCsrf csrf, String callbackUrl, boolean email,
                         String typed, List<SignInProviders.Provider> providers, boolean passkeys) {
        StringBuilder body = new StringBuilder();
        if (error != null) {
            AuthErrors.Info info = AuthErrors.INFO.getOrDefault(error, AuthErrors.INFO.get(AuthErrors.DEFAULT));
            body.append("<p role=\"alert\">").append(Html.esc(info.message())).append("</p>");
        }
        if (email) {
            body.append(SignInPages.emailForm(contextPath, csrf, callbackUrl, typed));
        }
        if (email && (!providers.isEmpty() || passkeys)) {
            body.append("<p class=\"dynauth-or\">or</p>");
        }
        for (SignInProviders.Provider p : providers) {
            body.append("<p><a class=\"dynauth-provider\" href=\"").append(Html.esc(contextPath
                    + AuthPaths.OAUTH2_AUTHORIZATION_BASE + "/" + p.registrationId())).append("\">Sign in with ")
                    .append(Html.esc(p.name())).append("</a></p>");
        }
        if (passkeys) {
            body.append(SignInPages.passkeyButton(contextPath, csrf));
        }
        if (!email && providers.isEmpty() && !passkeys) {
            body.append("<p>There is no way to sign in here yet: the start-up log says what to configure.</p>");
        }
        return body.toString();
    }

    /** The check-your-email page: which address ({@code null}: not known), and in development where the link is. */
    static String verifyRequest(String address, boolean linksLogged) {
        StringBuilder b = new StringBuilder();
        if (address != null) {
            b.append("<p>A sign-in link has been sent to <b id=\"dynauth-sent-to\">").append(Html.esc(address))
                    .append("</b>.</p>");
        } else {
            b.append("<p>A sign-in link has been sent to your email address.</p>");
        }
        if (linksLogged) {
            b.append("<p class=\"hint\"><b>Development:</b> no mail is sent. The link is in the application's log "
                    + "(logger <code>dev.dynauth.spring.magic-links</code>).</p>");
        }
        return b.toString();
    }

    /** The value of the check-your-email cookie for an address. */
    static String addressCookieValue(String identifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(identifier.getBytes(StandardCharsets.UTF_8));
    }

    /** The address in a check-your-email cookie's value; null when it is too long or garbled. */
    static String address(String cookieValue) {
        if (cookieValue == null || cookieValue.length() > MAX_ADDRESS_COOKIE) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cookieValue), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException garbled) {
            return null;
        }
    }

    /** Signed out: says so, with a link to sign in again ({@code signInHref}, the context path included). */
    static String signedOut(String signInHref) {
        return "<p role=\"status\" class=\"notice\">You are signed out.</p><p><a href=\"" + Html.esc(signInHref)
                + "\">Sign in again</a></p>";
    }

    /** "Are you sure?" with the button that posts the sign-out; {@code safeCallbackUrl} already normalised, or null. */
    static String signOut(String contextPath, String safeCallbackUrl, FormCsrf csrf) {
        StringBuilder b = new StringBuilder("<p>Are you sure you want to sign out?</p><form method=\"post\" action=\"")
                .append(Html.esc(contextPath + AuthPaths.SIGNOUT)).append("\">");
        if (safeCallbackUrl != null) {
            b.append("<input type=\"hidden\" name=\"callbackUrl\" value=\"").append(Html.esc(safeCallbackUrl))
                    .append("\">");
        }
        SignInPages.hiddenCsrf(b, csrf);
        return b.append("<button type=\"submit\" id=\"dynauth-signout\">Sign out</button></form>").toString();
    }

    /** A magic link's confirmation page: "Sign in as ...", whose button POSTs the link (and uses it up). */
    static String magicLinkConfirm(String contextPath, String token, String identifier, String safeCallbackUrl,
                                   FormCsrf csrf) {
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
}
