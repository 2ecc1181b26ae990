package dev.dynauth.spring.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What a route does with a request nobody is signed in on ({@code DynauthIdentity}'s {@code anonymous} argument):
 * {@code refuse} (401, the default), {@code redirect} (a browser asking for HTML goes to the sign-in page, API
 * clients get 401) or {@code pass} (forwarded without any identity; what the client sent is still removed).
 */
enum AnonymousPolicy {
    REFUSE, REDIRECT, PASS;

    /** The policy a route names ({@code refuse}, {@code redirect}, {@code pass}, any case). */
    static AnonymousPolicy named(String name) {
        for (AnonymousPolicy p : values()) {
            if (p.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("anonymous must be refuse, redirect or pass: " + name);
    }

        /** Whether {@link #REDIRECT} sends this request to the sign-in page: a browser's navigation asks for HTML. */
    static boolean browser(List<String> accept) {
        return accept.stream().anyMatch(a -> a.toLowerCase(java.util.Locale.ROOT).contains("text/html"));
    }

    /**
     * The sign-in page with Auth.js's {@code callbackUrl} back to the page asked for. The way back is built on the
     * configured public URL only (never on the request's Host header); without one the sign-in page gets no
     * {@code callbackUrl} and its own default applies.
     *
     * @param signInPage     {@code dynauth.sign-in-page}: a path on the gateway or an absolute URL (a Next.js app's)
     * @param publicUrl      the configured public URL, no trailing slash
     * @param rawPathAndQuery the request's raw path and query, as it came in
     */
    static String signInLocation(String signInPage, Optional<String> publicUrl, String rawPathAndQuery) {
        if (publicUrl.isEmpty()) {
            return signInPage;
        }
        String back = publicUrl.get() + (rawPathAndQuery.startsWith("/") ? rawPathAndQuery : "/" + rawPathAndQuery);
        return signInPage + (signInPage.contains("?") ? "&" : "?") + "callbackUrl="
                + URLEncoder.encode(back, StandardCharsets.UTF_8);
    }
}
