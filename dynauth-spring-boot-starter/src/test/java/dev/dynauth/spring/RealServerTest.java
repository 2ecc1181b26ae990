package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The magic-link sign-in and sign-out over real HTTP on a loopback port (Tomcat), with a real cookie jar. */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
class RealServerTest {

    @LocalServerPort int port;
    @Autowired TestApp.CapturingSender sender;
    @Autowired Adapter adapter;

    @Test
    void magicLinkSignInAndSignOutOverHttp() throws Exception {
        String base = "http://127.0.0.1:" + port;
        CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient http = HttpClient.newBuilder().cookieHandler(jar).followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/signin")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find());
        String csrf = m.group(1);

        String form = "email=" + URLEncoder.encode("Real.Server@Example.com", StandardCharsets.UTF_8)
                + "&callbackUrl=%2Fme&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/signin/email"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, sent.statusCode());
        String link = sender.last().url();
        assertTrue(link.startsWith(base + "/api/auth/callback/email?"), link);

        HttpResponse<String> callback = http.send(HttpRequest.newBuilder(URI.create(link)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, callback.statusCode());
        assertEquals(base + "/me", URI.create(base + "/").resolve(callback.headers().firstValue("Location").orElseThrow()).toString());
        String setCookie = callback.headers().allValues("Set-Cookie").stream()
                .filter(h -> h.startsWith("authjs.session-token=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), setCookie);
        String token = jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("authjs.session-token"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        assertNotNull(adapter.getSessionAndUser(token).orElseThrow());

        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(base + "/me")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode());
        assertTrue(me.body().endsWith(" real.server@example.com"), me.body());
        assertTrue(me.headers().allValues("Set-Cookie").stream().noneMatch(h -> h.startsWith("JSESSIONID")),
                "no servlet session");

        HttpResponse<String> out = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/signout"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, out.statusCode());
        assertTrue(adapter.getSessionAndUser(token).isEmpty());
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(base + "/me"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, after.statusCode());
        // a bad request gets the error page, not a stack trace
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/auth/callback/email?email=%22x%22@y&token=zz")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(base + "/api/auth/error?error=Verification",
                URI.create(base + "/").resolve(bad.headers().firstValue("Location").orElseThrow()).toString());
    }
}
