package dev.dynauth.spring.web;

import dev.dynauth.spring.DynauthProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseCookie;

/**
 * The one home of dynauth's cookie rules: every cookie name, and the attributes every cookie gets (HttpOnly,
 * SameSite=Lax, Path=/, and whether it is Secure). The session, the sealed OAuth2 and passkey state, the saved
 * request, the CSRF token and the "sent to" address all ask here, so {@code dynauth.cookie.secure} and an https
 * public URL behind a TLS proxy make all of them Secure alike.
 */
public final class Cookies {

    /** Prefix browsers accept only on a Secure cookie; a prefixed name is always written Secure. */
    public static final String SECURE_PREFIX = "__Secure-";
    /** next-auth v4's session cookie, read with {@code dynauth.cookie.accept-legacy-names=true}. */
    public static final String LEGACY_SESSION = "next-auth.session-token";
    /** The sealed OAuth2 authorization request between the redirect to the provider and its callback. */
    public static final String OAUTH2_REQUEST = "dynauth.oauth2-request";
    /** The sealed passkey registration options between the options request and the registration. */
    public static final String WEBAUTHN_REGISTRATION = "dynauth.webauthn-registration";
    /** The sealed passkey sign-in challenge between the options request and the sign-in. */
    public static final String WEBAUTHN_AUTHENTICATION = "dynauth.webauthn-authentication";
    /** The address the last magic link went to, for the check-your-email page only. */
    public static final String SENT_TO = "dynauth-sent-to";

    /** The request attribute under which the dynauth filter chain puts the application's rules. */
    public static final String ATTRIBUTE = Cookies.class.getName();

    private static final Cookies DEFAULTS = new Cookies(new DynauthProperties.Cookie(), null);

    private final DynauthProperties.Cookie config;
    private final PublicUrl publicUrl;

    /**
     * @param config    {@code dynauth.cookie.*}
     * @param publicUrl the public URL (an https one makes every cookie Secure); null: the one the request carries
     */
    public Cookies(DynauthProperties.Cookie config, PublicUrl publicUrl) {
        this.config = config;
        this.publicUrl = publicUrl;
    }

    /** The rules the dynauth filter chain put on the request, else the defaults (Secure follows the request). */
    public static Cookies of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Cookies c ? c : DEFAULTS;
    }

    /**
     * Whether cookies set on this request's response are Secure: {@code dynauth.cookie.secure} when set, else
     * whether the configured public URL is https (behind a TLS proxy the request itself is plain http), else the
     * request's scheme (forwarded by a trusted proxy).
     */
    public boolean secure(HttpServletRequest request) {
        return fixedSecure().orElseGet(() -> publicUrl == null ? PublicUrl.secure(request) : request.isSecure());
    }

    /** {@link #secure} where it does not depend on the request; empty when it follows the request's scheme. */
    public Optional<Boolean> fixedSecure() {
        if (config.getSecure() != null) {
            return Optional.of(config.getSecure());
        }
        if (publicUrl != null && publicUrl.configuredOrigin().isPresent()) {
            return Optional.of(publicUrl.https());
        }
        return Optional.empty();
    }

    /** The session cookie's name for this request: {@code __Secure-} prefixed when Secure. */
    public String sessionName(HttpServletRequest request) {
        return sessionName(secure(request));
    }

    /**
     * {@link #secure} for a request of any stack (a WebFlux exchange too): {@code requestSecure} is whether the request
     * itself came over https, used only where nothing fixes the answer ({@link #fixedSecure}).
     */
    public boolean secure(boolean requestSecure) {
        return fixedSecure().orElse(requestSecure);
    }

    /** The session cookie's name where cookies are Secure ({@code secure}) or not. */
    public String sessionName(boolean secure) {
        return secure ? SECURE_PREFIX + config.getName() : config.getName();
    }

    /** The session cookie's names read, preferred first (the other prefix, then next-auth v4's when accepted). */
    public List<String> readableSessionNames(HttpServletRequest request) {
        return readableSessionNames(secure(request));
    }

    /** {@link #readableSessionNames(HttpServletRequest)} where cookies are Secure ({@code secure}) or not. */
    public List<String> readableSessionNames(boolean secure) {
        List<String> names = new ArrayList<>();
        names.add(sessionName(secure));
        names.add(secure ? config.getName() : SECURE_PREFIX + config.getName());
        if (config.isAcceptLegacyNames()) {
            names.add(SECURE_PREFIX + LEGACY_SESSION);
            names.add(LEGACY_SESSION);
        }
        return names;
    }

    /** A cookie with dynauth's attributes: HttpOnly, SameSite=Lax, Path=/, Secure by {@link #secure}. */
    public ResponseCookie.ResponseCookieBuilder cookie(HttpServletRequest request, String name, String value,
                                                       Duration maxAge) {
        return cookie(secure(request), name, value, maxAge);
    }

    /** {@link #cookie(HttpServletRequest, String, String, Duration)} where cookies are Secure ({@code secure}) or not. */
    public ResponseCookie.ResponseCookieBuilder cookie(boolean secure, String name, String value, Duration maxAge) {
        return ResponseCookie.from(name, value).httpOnly(true).sameSite("Lax").path("/")
                .secure(secure || name.startsWith(SECURE_PREFIX)).maxAge(maxAge);
    }

    /** A session cookie (also a JWT chunk): {@link #cookie} with {@code dynauth.cookie.domain} when set. */
    public ResponseCookie sessionCookie(HttpServletRequest request, String name, String value, Duration maxAge) {
        return sessionCookie(secure(request), name, value, maxAge);
    }

    /** {@link #sessionCookie(HttpServletRequest, String, String, Duration)} where cookies are Secure or not. */
    public ResponseCookie sessionCookie(boolean secure, String name, String value, Duration maxAge) {
        ResponseCookie.ResponseCookieBuilder b = cookie(secure, name, value, maxAge);
        if (config.getDomain() != null && !config.getDomain().isBlank()) {
            b.domain(config.getDomain());
        }
        return b.build();
    }
}
