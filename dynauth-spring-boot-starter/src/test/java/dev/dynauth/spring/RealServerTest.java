package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.app.TestApp;
import dev.dynauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The magic-link sign-in and sign-out over real HTTP on a loopback port (Tomcat), with a real cookie jar. */
@DynauthAppTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
class RealServerTest {

    @LocalServerPort int port;
    @Autowired TestApp.CapturingSender sender;
    @Autowired Adapter adapter;

    @Test
    void magicLinkSignInAndSignOutOverHttp() throws Exception {
        String base = "http://127.0.0.1:" + port;
        HttpBrowser http = new HttpBrowser(base);

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/signin")));
        assertEquals(200, page.statusCode());
        String csrf = HttpBrowser.csrfField(page);

        String form = "email=" + URLEncoder.encode("Real.Server@Example.com", StandardCharsets.UTF_8)
                + "&callbackUrl=%2Fme&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/signin/email"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(302, sent.statusCode());
        String link = sender.last().url();
        assertTrue(link.startsWith(base + "/api/auth/callback/email?"), link);

        HttpResponse<String> callback = http.send(HttpRequest.newBuilder(URI.create(link)));
        assertEquals(302, callback.statusCode());
        assertEquals(base + "/me", URI.create(base + "/").resolve(callback.headers().firstValue("Location").orElseThrow()).toString());
        String setCookie = callback.headers().allValues("Set-Cookie").stream()
                .filter(h -> h.startsWith("authjs.session-token=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), setCookie);
        String token = http.cookie("authjs.session-token").orElseThrow();
        assertNotNull(adapter.getSessionAndUser(token).orElseThrow());

        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(base + "/me")));
        assertEquals(200, me.statusCode());
        assertTrue(me.body().endsWith(" real.server@example.com"), me.body());
        assertTrue(me.headers().allValues("Set-Cookie").stream().noneMatch(h -> h.startsWith("JSESSIONID")),
                "no servlet session");

        HttpResponse<String> out = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/signout"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8))));
        assertEquals(302, out.statusCode());
        assertTrue(adapter.getSessionAndUser(token).isEmpty());
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(base + "/me"))
                .header("Accept", "application/json"));
        assertEquals(401, after.statusCode());
        // a bad request gets the error page, not a stack trace
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/auth/callback/email?email=%22x%22@y&token=zz")));
        assertEquals(base + "/api/auth/error?error=Verification",
                URI.create(base + "/").resolve(bad.headers().firstValue("Location").orElseThrow()).toString());
    }
}
