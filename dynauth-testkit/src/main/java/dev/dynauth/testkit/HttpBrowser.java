package dev.dynauth.testkit;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.CookieStore;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * HTTP as a browser without JavaScript does it, for tests against a running server (the starter's real-server
 * tests, {@code dynauth serve}, the samples): one cookie jar for every server on the host, forms posted
 * url-encoded, redirects left to the test (each hop is something to assert). Paths are resolved against the base
 * URL given at construction; absolute URLs are used as they are.
 */
public class HttpBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    /** A browser for absolute URLs only. */
    public HttpBrowser() {
        this("");
    }

    /** A browser that resolves paths against {@code base} (e.g. {@code http://127.0.0.1:8080}). */
    public HttpBrowser(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /** The client behind the jar, for requests the methods here do not make (a test's own headers). */
    public HttpClient http() {
        return http;
    }

    /** The jar: every cookie the servers set, by domain and path. */
    public CookieStore cookies() {
        return cookies.getCookieStore();
    }

    /** The value of a cookie in the jar. */
    public Optional<String> cookie(String name) {
        return cookies().getCookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst();
    }

    /** A page, as a browser asks for one ({@code Accept: text/html}). */
    public HttpResponse<String> get(String pathOrUrl) throws IOException, InterruptedException {
        return get(pathOrUrl, "text/html");
    }

    public HttpResponse<String> get(String pathOrUrl, String accept) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", accept).GET());
    }

    /** A form submission: the fields url-encoded, {@code Accept: text/html}. */
    public HttpResponse<String> post(String pathOrUrl, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Any request, with this browser's cookies and the default timeout unless the request sets one. */
    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.build();
        if (built.timeout().isEmpty()) {
            built = request.timeout(TIMEOUT).build();
        }
        return http.send(built, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code pathOrUrl} as an absolute URI: a path is resolved against the base. */
    public URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://") ? pathOrUrl : base + pathOrUrl);
    }

    /**
     * A GET with only the given Auth.js session cookie, outside any jar ({@code Accept: application/json}): what a
     * stolen or kept cookie still gets.
     */
    public static HttpResponse<String> getWithSession(String url, String token) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
                .header("Cookie", "authjs.session-token=" + token).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code _csrf} hidden field of a form on the page. */
    public static String csrfField(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no _csrf field on " + page.uri() + ":\n" + page.body());
        }
        return m.group(1);
    }

    /** The {@code _csrf} hidden field of a form in the HTML. */
    public static String csrfField(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("a form with a CSRF token: " + html);
        }
        return m.group(1);
    }

    /** The absolute URL a redirect points to ({@code ""} resolved when there is no Location). */
    public static String location(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElse("")).toString();
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
