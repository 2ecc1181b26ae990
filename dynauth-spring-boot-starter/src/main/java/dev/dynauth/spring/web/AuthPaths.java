package dev.dynauth.spring.web;

/** The endpoints, at Auth.js's paths under {@code /api/auth}. */
public final class AuthPaths {
    private AuthPaths() {}

    public static final String BASE = "/api/auth";
    /** GET: sign-in page (email form with CSRF token, provider links). */
    public static final String SIGNIN = BASE + "/signin";
    /** POST {@code email}, {@code callbackUrl}, {@code _csrf}: request a magic link. */
    public static final String SIGNIN_EMAIL = SIGNIN + "/email";
    /** GET: start an OAuth2 sign-in with provider {@code {registrationId}} ({@code /api/auth/signin/{registrationId}}). */
    public static final String OAUTH2_AUTHORIZATION_BASE = SIGNIN;
    /** GET {@code token}, {@code email}, {@code callbackUrl}: consume a magic link. */
    public static final String CALLBACK_EMAIL = BASE + "/callback/email";
    /** OAuth2 redirect URI: {@code {baseUrl}/api/auth/callback/{registrationId}}, as Auth.js. */
    public static final String OAUTH2_CALLBACK = BASE + "/callback/*";
    /** GET: "check your email" page. */
    public static final String VERIFY_REQUEST = BASE + "/verify-request";
    /** GET {@code error}: error page with Auth.js's error codes. */
    public static final String ERROR = BASE + "/error";
    /** POST {@code _csrf}: sign out (deletes the session, clears the cookie). */
    public static final String SIGNOUT = BASE + "/signout";
    /** GET: the script of the sign-in page's passkey button (when passkeys are enabled). */
    public static final String PASSKEY_SCRIPT = BASE + "/passkey.js";
    /** GET: {@code {"csrfToken": "..."}}, as Auth.js (reactive applications; the token is also in the CSRF cookie). */
    public static final String CSRF = BASE + "/csrf";
    /** GET: the signed-in user as JSON ({@code {}} when signed out), like Auth.js's {@code /api/auth/session}. */
    public static final String SESSION = BASE + "/session";
}
