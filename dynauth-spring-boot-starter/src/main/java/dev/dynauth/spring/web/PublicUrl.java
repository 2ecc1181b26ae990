package dev.dynauth.spring.web;

import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration;
import dev.dynauth.spring.DynauthProperties;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The application's public base URL, the one place every absolute URL is built from: links in mails,
 * OAuth2 redirect URIs, the passkey origin and relying-party id, absolute redirects.
 *
 * <p>It is {@code dynauth.url} (or {@code AUTH_URL} / {@code NEXTAUTH_URL}, as Auth.js). Without it the
 * request's own scheme, host and port are used only when the application trusts them
 * ({@code dynauth.trust-host=true} / {@code AUTH_TRUST_HOST}, behind a proxy that sets {@code Host}), or in
 * development when both the Host header and the socket the request came in on are loopback (a link then
 * leads to the reader's own machine, never to a host an attacker named). Otherwise building an absolute URL
 * fails with {@link UntrustedHostException}; the auto-configuration refuses to start when that would be every
 * request.
 */
public final class PublicUrl {

    /** Request attribute holding the {@link PublicUrl} the request is served under. */
    public static final String ATTRIBUTE = PublicUrl.class.getName();

    private final String base;      // scheme://host[:port][/prefix], no trailing slash; null when not configured
    private final String origin;    // scheme://host[:port]
    private final String host;
    private final boolean trustHost;

    private PublicUrl(String base, String origin, String host, boolean trustHost) {
        this.base = base;
        this.origin = origin;
        this.host = host;
        this.trustHost = trustHost;
    }

    /**
     * @param url       the public URL (null or blank: none); a trailing {@code /api/auth} (Auth.js's form of
     *                  {@code AUTH_URL}) is ignored
     * @param trustHost whether the request's host may be used when no URL is configured
     * @throws IllegalArgumentException when {@code url} is not an absolute http(s) URL without query, fragment
     *                                  or user info
     */
    public static PublicUrl of(String url, boolean trustHost) {
        if (url == null || url.isBlank()) {
            return new PublicUrl(null, null, null, trustHost);
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("dynauth.url is not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("dynauth.url must be an absolute http or https URL like "
                    + "https://app.example.com (no user info, query or fragment): " + url);
        }
        String hostName = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        String origin = scheme + "://" + hostName + (defaultPort ? "" : ":" + port);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(AuthPaths.BASE)) {
            path = path.substring(0, path.length() - AuthPaths.BASE.length());
        }
        return new PublicUrl(origin + path, origin, hostName.startsWith("[") ? hostName.substring(1, hostName.length() - 1)
                : hostName, trustHost);
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PublicUrl.class);

    /** {@code dynauth.url}, else {@code AUTH_URL}, else {@code NEXTAUTH_URL}; {@code dynauth.trust-host}, else {@code AUTH_TRUST_HOST}. */
    public static PublicUrl fromConfiguration(DynauthProperties properties, org.springframework.core.env.Environment env) {
        String url = properties.getUrl();
        for (String fallback : new String[] {"AUTH_URL", "NEXTAUTH_URL"}) {
            if (url == null || url.isBlank()) {
                url = env.getProperty(fallback);
            }
        }
        Boolean trust = properties.getTrustHost();
        if (trust == null) {
            String v = env.getProperty("AUTH_TRUST_HOST");
            trust = v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
        }
        try {
            return of(url, trust);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Fails closed: without a public URL and without trusting the request's host, an application serving more
     * than loopback could only mail links and build redirect URIs from a Host header an attacker chooses. It
     * may then start only as a development application: embedded DynamoDB, or {@code server.address} loopback
     * (and it serves loopback requests only).
     */
    public static void checkAtStartUp(PublicUrl url, DynauthProperties properties, org.springframework.core.env.Environment env,
                               DynauthAutoConfiguration.DynauthMode mode) {
        if (url.base != null) {
            if (!url.https() && !isLoopback(url.host)) {
                LOG.warn("dynauth: dynauth.url {} is plain http on a public host: cookies cannot be Secure; use https",
                        url.base);
            }
            return;
        }
        if (url.trustHost) {
            LOG.info("dynauth: no dynauth.url: absolute URLs follow the request's host (dynauth.trust-host)");
            return;
        }
        String address = env.getProperty("server.address");
        boolean development = mode != null && mode.embedded() || isLoopback(address);
        if (!development) {
            throw new IllegalStateException("dynauth.url is not set: set it (or the AUTH_URL environment variable) to "
                    + "the application's public URL, e.g. https://app.example.com, so that sign-in links, OAuth2 redirect "
                    + "URIs and passkeys never follow a Host header an attacker sends; or set dynauth.trust-host=true "
                    + "(AUTH_TRUST_HOST) when a proxy in front sets Host itself");
        }
        LOG.warn("dynauth: no dynauth.url: development mode, only requests to localhost get sign-in links; set "
                + "dynauth.url (or AUTH_URL) to the public URL in production");
    }

    /** The configured public URL (without a trailing slash), if any. */
    public Optional<String> configured() {
        return Optional.ofNullable(base);
    }

    /** The configured public URL's origin ({@code https://app.example.com}), if any. */
    public Optional<String> configuredOrigin() {
        return Optional.ofNullable(origin);
    }

    /** Whether the configured public URL is https (then cookies are Secure and {@code __Secure-} prefixed). */
    public boolean https() {
        return origin != null && origin.startsWith("https:");
    }

    /** The configured host name (for the passkey relying-party id), if any. */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    public boolean trustHost() {
        return trustHost;
    }

    /** The origin absolute URLs of this request are built on, e.g. {@code https://app.example.com}. */
    public String origin(HttpServletRequest request) {
        return origin(RequestFacts.of(request));
    }

    /** {@link #origin(HttpServletRequest)} of either stack's request. */
    public String origin(RequestFacts request) {
        return origin != null ? origin : requestOrigin(request, false);
    }

    /**
     * The absolute URL of an application path ({@code /api/auth/callback/email}): public URL, the request's
     * context path, then the path.
     *
     * @throws UntrustedHostException when no public URL is configured and the request's host is not trusted
     */
    public String absolute(HttpServletRequest request, String path) {
        return absolute(RequestFacts.of(request), path);
    }

    /** {@link #absolute(HttpServletRequest, String)} of either stack's request. */
    public String absolute(RequestFacts request, String path) {
        String prefix = base != null ? base : requestOrigin(request, true);
        return prefix + request.contextPath() + path;
    }

    /**
     * Whether this request is local development: no public URL configured, a loopback host name, reached on
     * a loopback socket. The one rule for development-only features (sign-in links built from the request,
     * a page that shows them).
     */
    public boolean localDevelopment(HttpServletRequest request) {
        return localDevelopment(RequestFacts.of(request));
    }

    /** {@link #localDevelopment(HttpServletRequest)} of either stack's request. */
    public boolean localDevelopment(RequestFacts request) {
        return base == null && isLoopback(request.serverName())
                && (request.localAddress() == null || isLoopback(request.localAddress()));
    }

    /**
     * The request's own origin when it may be trusted; else {@link UntrustedHostException}. {@code link}: for a URL
     * that leaves the page (a mailed link, a redirect URI), whose port in development is the socket's.
     */
    private String requestOrigin(RequestFacts request, boolean link) {
        if (!trustHost && !localDevelopment(request)) {
            throw new UntrustedHostException();
        }
        String scheme = request.scheme().toLowerCase(Locale.ROOT);
        // in development a link's port is the socket's: "Host: localhost:1" must not mail a link to another local
        // port; the page's own origin (passkeys) stays the browser's, which a local port forward may change
        int port = link && !trustHost ? request.localPort() : request.serverPort();
        String name = request.serverName().toLowerCase(Locale.ROOT);
        if (name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        boolean defaultPort = port <= 0 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        return scheme + "://" + name + (defaultPort ? "" : ":" + port);
    }

    /** Whether a host name or address literal is loopback: {@code localhost}, {@code 127.0.0.0/8}, {@code ::1}. */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Whether the request's cookies are Secure: a configured https URL, else the request's own scheme. */
    public static boolean secure(HttpServletRequest request) {
        Object p = request.getAttribute(ATTRIBUTE);
        if (p instanceof PublicUrl u && u.origin != null) {
            return u.https();
        }
        return request.isSecure();
    }

    /** The origin an absolute callback URL may have for this request; null when none is trusted. */
    static String trustedOrigin(HttpServletRequest request) {
        Object p = request.getAttribute(ATTRIBUTE);
        return p instanceof PublicUrl u ? u.trustedOrigin(RequestFacts.of(request)) : null;
    }

    /** The origin an absolute callback URL may have for a request of either stack; null when none is trusted. */
    public String trustedOrigin(RequestFacts request) {
        try {
            return origin(request);
        } catch (UntrustedHostException e) {
            return null;
        }
    }

    /** The request's {@link PublicUrl}; a filter of the dynauth chain sets it. */
    public static Optional<PublicUrl> from(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof PublicUrl u ? Optional.of(u) : Optional.empty();
    }

    @Override
    public String toString() {
        return "PublicUrl[" + (base != null ? base : trustHost ? "<request host, trusted>" : "<loopback only>") + "]";
    }

    /** No public URL is configured and the request's host is not trusted: no absolute URL may be built. */
    public static final class UntrustedHostException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UntrustedHostException() {
            super("no public URL: set dynauth.url (or AUTH_URL) to the application's public URL, or dynauth.trust-host="
                    + "true (AUTH_TRUST_HOST) behind a proxy that sets the Host header; without either, only requests to "
                    + "localhost are served (development)");
        }
    }
}
