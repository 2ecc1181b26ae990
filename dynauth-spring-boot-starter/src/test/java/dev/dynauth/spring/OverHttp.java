package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.spring.app.TestApp;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A test's browser on an application served on a loopback port, on either stack: a real HTTP client with a cookie
 * jar that follows no redirect, and the application's adapter and link catcher.
 */
abstract class OverHttp {

    @LocalServerPort int port;
    @Autowired TestApp.CapturingSender sender;
    @Autowired Adapter adapter;

    String base;
    CookieManager jar;
    HttpClient http;

    @BeforeEach
    void browser() {
        base = "http://127.0.0.1:" + port;
        jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        http = HttpClient.newBuilder().cookieHandler(jar).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sign-in page's CSRF token (its cookie lands in the jar). */
    String csrf() throws Exception {
        HttpResponse<String> page = get("/api/auth/signin");
        assertEquals(200, page.statusCode());
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find(), page.body());
        return enc(m.group(1));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    String location(HttpResponse<String> r) {
        return URI.create(base + "/").resolve(r.headers().firstValue("Location").orElseThrow()).toString();
    }

    String sessionToken() {
        return jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("authjs.session-token"))
                .map(HttpCookie::getValue).filter(v -> !v.isEmpty()).findFirst().orElse(null);
    }
}
