package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.AuthPaths;
import java.util.List;

/** The sign-in page's body, stack-neutral: the servlet endpoint and a reactive one render the same page. */
final class SignInPageBody {
    private SignInPageBody() {}

    /**
     * @param error       an Auth.js error code whose words the page shows, or null
     * @param email       whether magic links are offered
     * @param typed       the address typed in a refused request (kept in the field, never in a URL), or null
     */
    static String render(String contextPath, String error, FormCsrf csrf, String callbackUrl, boolean email,
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
}
