package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.app.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With a public URL, behind a proxy whose forwarded headers Tomcat honours ({@code serve --behind-proxy}), no
 * redirect is built from {@code Host}, {@code X-Forwarded-Host} or {@code Forwarded}: the starter's own, Spring
 * Security's entry points and Tomcat's own (the context root's trailing slash) answer a relative Location or
 * one on the public URL, over a real Tomcat on loopback.
 */
@DynauthAppTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1", "dynauth.table-name=redirects-host", "dynauth.url=https://auth.example.com",
        "server.forward-headers-strategy=native", "server.servlet.context-path=/ctx",
        "dynauth.email.rate-limit=1000", "dynauth.email.client-rate-limit=1000"})
class RedirectsIgnoreTheHostTest {

    static final String PUBLIC = "https://auth.example.com";

    @LocalServerPort int port;
    @Autowired TestApp.CapturingSender sender;

    /** The seven ways a request names the host an absolute URL would be built on. */
    static List<String> hostShapes(String ownHost) {
        return List.of("Host: evil.example", "Host: evil.example:8443", "Host: " + ownHost + "\r\nX-Forwarded-Host: evil.example",
                "Host: " + ownHost + "\r\nX-Forwarded-Host: evil.example:443\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 443",
                "Host: " + ownHost + "\r\nForwarded: host=evil.example;proto=https",
                "Host: evil.example\r\nX-Forwarded-Host: evil2.example",
                "Host: " + ownHost + "\r\nX-Forwarded-Host: evil.example, " + ownHost);
    }

    @Test
    void everyRedirectIsRelativeOrOnThePublicUrl() throws Exception {
        RawHttp http = new RawHttp(port);
        String own = "127.0.0.1:" + port;
        RawHttp.Response signin = http.get("/ctx/api/auth/signin");
        assertEquals(200, signin.status(), signin.body());
        String xsrf = signin.all("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> c.substring(11, c.indexOf(';'))).findFirst().orElseThrow();
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(signin.body());
        assertTrue(m.find());
        String csrf = URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        String form = "\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: XSRF-TOKEN=" + xsrf
                + "\r\nAccept: text/html";

        List<String> failures = new ArrayList<>();
        int redirects = 0;
        int links = sender.links.size();
        for (String shape : hostShapes(own)) {
            List<String[]> requests = List.of(
                    new String[] {"POST /ctx/api/auth/signin/email", form, "email=victim%40example.com&_csrf=" + csrf},
                    new String[] {"GET /ctx/me", "\r\nAccept: text/html", null},
                    new String[] {"POST /ctx/me", form, "_csrf=" + csrf},
                    new String[] {"GET /ctx", "", null},
                    new String[] {"POST /ctx/api/auth/signout", form, "_csrf=" + csrf},
                    new String[] {"GET /ctx/api/auth/callback/email?token=x&email=a%40b.c", "", null});
            for (String[] r : requests) {
                RawHttp.Response answer = http.send(r[0] + " HTTP/1.1\r\n" + shape + r[1],
                        r[2] == null ? null : r[2].getBytes(StandardCharsets.UTF_8));
                String location = answer.header("Location");
                String what = r[0] + " [" + shape.replace("\r\n", " | ") + "] -> " + answer.status() + " " + location;
                if (answer.status() >= 500) {
                    failures.add(what);
                }
                if (location != null) {
                    redirects++;
                    boolean relative = location.startsWith("/") && !location.startsWith("//");
                    if (!relative && !location.startsWith(PUBLIC + "/") || location.contains("evil")) {
                        failures.add(what);
                    }
                }
            }
        }
        for (int i = links; i < sender.links.size(); i++) {
            String url = sender.links.get(i).url();
            if (!url.startsWith(PUBLIC + "/ctx/api/auth/callback/email?")) {
                failures.add("link " + url);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(redirects >= 35, "redirects seen: " + redirects);
        assertEquals(links + 7, sender.links.size(), "one link per shape");
    }
}
