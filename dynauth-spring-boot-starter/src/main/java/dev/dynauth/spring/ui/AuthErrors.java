package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.AuthPaths;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** Auth.js's error codes and the messages of the error page. */
public final class AuthErrors {
    private AuthErrors() {}

    public static final String CONFIGURATION = "Configuration";
    public static final String ACCESS_DENIED = "AccessDenied";
    public static final String VERIFICATION = "Verification";
    public static final String EMAIL_SIGNIN = "EmailSignin";
    public static final String OAUTH_ACCOUNT_NOT_LINKED = "OAuthAccountNotLinked";
    public static final String OAUTH_CALLBACK_ERROR = "OAuthCallbackError";
    public static final String RATE_LIMITED = "RateLimited";
    /** Auth.js's code for a page that needs a session; here: a form posted after the session had ended. */
    public static final String SESSION_REQUIRED = "SessionRequired";
    public static final String DEFAULT = "Default";
    /** dynauth's own: DynamoDB (or the mail server) cannot be reached right now; nothing is wrong with the input. */
    public static final String UNAVAILABLE = "Unavailable";
    /** dynauth's own: no public URL is configured and the request's host is not trusted. */
    public static final String HOST = "UntrustedHost";

    record Info(int status, String title, String message) {}

    static final Map<String, Info> INFO = Map.ofEntries(Map.entry(
            CONFIGURATION, new Info(500, "Server error", "There is a problem with the server configuration. "
                    + "Nothing is wrong with your account: try again later. If it keeps happening, tell the site's "
                    + "administrators (the server log says more).")),
            Map.entry(ACCESS_DENIED, new Info(403, "Access denied", "You do not have permission to sign in.")),
            Map.entry(VERIFICATION, new Info(400, "Unable to sign in",
                    "The sign-in link is no longer valid. It may have been used already or it may have expired. "
                    + "Request a new link to sign in.")),
            Map.entry(EMAIL_SIGNIN, new Info(400, "Unable to send the sign-in link", "Check the email address and try again.")),
            Map.entry(OAUTH_ACCOUNT_NOT_LINKED, new Info(403, "Account not linked",
                    "To confirm your identity, sign in with the same account you used originally.")),
            Map.entry(OAUTH_CALLBACK_ERROR, new Info(400, "Unable to sign in", "The sign-in with the provider failed. Try again.")),
            Map.entry(RATE_LIMITED, new Info(429, "Too many requests",
                    "Too many sign-in links were requested. Wait a few minutes and try again.")),
            Map.entry(SESSION_REQUIRED, new Info(401, "Signed out", "You were signed out, so that was not done. "
                    + "Sign in, then try again.")),
            Map.entry(DEFAULT, new Info(400, "Error", "Unable to sign in.")),
            Map.entry(UNAVAILABLE, new Info(503, "Temporarily unavailable", "Signing in is temporarily unavailable. "
                    + "Nothing is wrong with what you entered: try again in a minute.")),
            Map.entry(HOST, new Info(400, "Unknown address", "This server does not answer to the address you used. "
                    + "Open it at its public address and try again.")));

    /** The error page URL for a code. */
    public static String url(HttpServletRequest request, String code) {
        return request.getContextPath() + AuthPaths.ERROR + "?error=" + code;
    }

    /** The error page of a code (unknown codes get the default page), with a link to the sign-in page. */
    public static void render(HttpServletRequest request, HttpServletResponse response, String code, String signInPage,
                       DynauthPageLayout layout) throws IOException {
        Info info = info(code);
        Html.page(request, response, layout, DynauthPageLayout.Page.ERROR, info.status(), info.title(),
                body(info, signInHref(request.getContextPath(), signInPage)));
    }

    /** A code's page (unknown codes and null: the default one). */
    static Info info(String code) {
        return INFO.getOrDefault(code == null ? DEFAULT : code, INFO.get(DEFAULT));
    }

    /** The error page's body: the message, and a link to the sign-in page. */
    static String body(Info info, String signInHref) {
        return "<p role=\"alert\">" + Html.esc(info.message()) + "</p><p><a href=\"" + Html.esc(signInHref)
                + "\">Sign in</a></p>";
    }

    /** Where a "Sign in" link goes: {@code dynauth.sign-in-page}, under the context path when it is a path. */
    static String signInHref(String contextPath, String signInPage) {
        return signInPage.startsWith("/") ? contextPath + signInPage : signInPage;
    }
}
