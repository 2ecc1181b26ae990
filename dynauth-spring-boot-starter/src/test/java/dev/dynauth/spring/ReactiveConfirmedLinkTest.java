package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.reactive.ReactiveTestApp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code dynauth.magic-link.confirm=true} on WebFlux: a link's GET shows "Sign in as ...?" and consumes nothing (mail
 * scanners follow links); the page's POST, with its CSRF token, signs in once.
 */
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {ReactiveTestApp.REACTIVE, "server.address=127.0.0.1", "dynauth.magic-link.confirm=true"})
class ReactiveConfirmedLinkTest extends OverHttp {

    @Test
    void theLinkShowsAConfirmationWhosePostSignsInOnce() throws Exception {
        String csrf = csrf();
        assertEquals(302, post("/api/auth/signin/email", "email=confirm%40example.com&callbackUrl=%2Fme&_csrf=" + csrf)
                .statusCode());
        URI link = URI.create(sender.last().url());
        HttpResponse<String> page = get(link.getRawPath() + "?" + link.getRawQuery());
        assertEquals(200, page.statusCode());
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow(), "the token stays here");
        assertTrue(page.body().contains("Sign in as <b>confirm@example.com</b>?"), page.body());
        assertNull(sessionToken(), "the GET consumed nothing");
        StringBuilder form = new StringBuilder();
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(page.body());
        while (hidden.find()) {
            form.append(form.isEmpty() ? "" : "&").append(hidden.group(1)).append('=')
                    .append(enc(hidden.group(2).replace("&amp;", "&")));
        }
        assertTrue(form.toString().contains("_csrf="), form.toString());
        HttpResponse<String> signedIn = post("/api/auth/callback/email", form.toString());
        assertEquals(base + "/me", location(signedIn));
        assertNotNull(sessionToken());
        assertEquals(base + "/api/auth/error?error=Verification",
                location(post("/api/auth/callback/email", form.toString())), "a second POST");
    }

    @Test
    void aMalformedLinkIsTheVerificationPage() throws Exception {
        HttpResponse<String> page = get("/api/auth/callback/email?email=%22x%22%40y&token=t");
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("The sign-in link is no longer valid."), page.body());
    }
}
