package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sign-in surface over real HTTP on a loopback port with a real cookie jar, the same cases for each stack: the
 * servlet application on Tomcat ({@link RealServerTest}) and the reactive one on Netty
 * ({@link ReactiveSignInOverHttpTest}). Magic-link sign-in and sign-out, the error pages, a refused address,
 * a used link, the confirmation a HEAD gets, an unknown provider and a POST without its CSRF token.
 */
abstract class SignInOverHttpCases extends OverHttp {

    @Test
    void magicLinkSignInAndSignOutOverHttp() throws Exception {
        String csrf = csrf();
        HttpResponse<String> sent = post("/api/auth/signin/email", "email=" + enc("Real.Server@Example.com")
                + "&callbackUrl=%2Fme&_csrf=" + csrf);
        assertEquals(302, sent.statusCode(), sent.body());
        assertEquals(base + "/api/auth/verify-request?provider=email&type=email", location(sent));
        HttpResponse<String> check = get("/api/auth/verify-request?provider=email&type=email");
        assertEquals(200, check.statusCode());
        assertTrue(check.body().contains("<b id=\"dynauth-sent-to\">real.server@example.com</b>"), check.body());
        String link = sender.last().url();
        assertTrue(link.startsWith(base + "/api/auth/callback/email?"), link);

        HttpResponse<String> callback = http.send(HttpRequest.newBuilder(URI.create(link)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, callback.statusCode(), callback.body());
        assertEquals(base + "/me", location(callback));
        String setCookie = callback.headers().allValues("Set-Cookie").stream()
                .filter(h -> h.startsWith("authjs.session-token=")).findFirst().orElseThrow();
        // attribute names are case-insensitive (Netty writes "HTTPOnly")
        String attributes = setCookie.toLowerCase(java.util.Locale.ROOT);
        assertTrue(attributes.contains("; httponly") && attributes.contains("; samesite=lax"), setCookie);
        String token = sessionToken();
        assertNotNull(adapter.getSessionAndUser(token).orElseThrow());

        HttpResponse<String> me = get("/me");
        assertEquals(200, me.statusCode());
        assertTrue(me.body().endsWith(" real.server@example.com"), me.body());

        HttpResponse<String> confirm = get("/api/auth/signout?callbackUrl=%2Fpublic%2Fhello");
        assertEquals(200, confirm.statusCode());
        assertTrue(confirm.body().contains("Are you sure you want to sign out?"), confirm.body());
        assertTrue(confirm.body().contains("name=\"callbackUrl\" value=\"/public/hello\""), confirm.body());
        HttpResponse<String> out = post("/api/auth/signout", "callbackUrl=%2Fpublic%2Fhello&_csrf=" + csrf);
        assertEquals(302, out.statusCode(), out.body());
        assertEquals(base + "/public/hello", location(out));
        assertTrue(adapter.getSessionAndUser(token).isEmpty(), "the session is deleted");
        HttpResponse<String> after = get("/me", "Accept", "application/json");
        assertEquals(401, after.statusCode());
        HttpResponse<String> signedOut = get("/api/auth/signout");
        assertTrue(signedOut.body().contains("You are signed out."), signedOut.body());
    }

    @Test
    void aLinkWorksOnceAndABadOneIsTheVerificationError() throws Exception {
        String csrf = csrf();
        assertEquals(302, post("/api/auth/signin/email", "email=once%40example.com&_csrf=" + csrf).statusCode());
        URI link = URI.create(sender.last().url());
        String target = link.getRawPath() + "?" + link.getRawQuery();
        HttpResponse<String> probe = http.send(HttpRequest.newBuilder(URI.create(base + target))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, probe.statusCode(), "a HEAD (a mail scanner) gets the confirmation page, the link unused");
        HttpResponse<String> first = get(target);
        assertEquals(base + "/", location(first));
        assertNotNull(sessionToken(), "signed in");
        assertEquals(base + "/api/auth/error?error=Verification", location(get(target)), "a second use");
        HttpResponse<String> bad = get("/api/auth/callback/email?email=%22x%22@y&token=zz");
        assertEquals(base + "/api/auth/error?error=Verification", location(bad));
    }

    @Test
    void errorPagesAnswerEachCodeWithItsStatus() throws Exception {
        for (Map.Entry<String, Integer> e : Map.of("Verification", 400, "AccessDenied", 403, "RateLimited", 429,
                "OAuthAccountNotLinked", 403, "Configuration", 500, "nonsense<script>", 400).entrySet()) {
            HttpResponse<String> page = get("/api/auth/error?error=" + enc(e.getKey()));
            assertEquals(e.getValue(), page.statusCode(), e.getKey());
            assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"), e.getKey());
            assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
            assertTrue(page.body().contains("<p role=\"alert\">") && page.body().contains("href=\"/api/auth/signin\""),
                    page.body());
            assertFalse(page.body().contains("<script>"), page.body());
        }
    }

    @Test
    void aRefusedAddressShowsTheSignInPageAgainWithWhatWasTyped() throws Exception {
        String csrf = csrf();
        HttpResponse<String> refused = post("/api/auth/signin/email", "email=" + enc("not an address") + "&_csrf=" + csrf);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("Check the email address and try again."), refused.body());
        assertTrue(refused.body().contains("value=\"not an address\""), refused.body());
    }

    @Test
    void aPostWithoutItsCsrfTokenIsRefusedAndSendsNothing() throws Exception {
        csrf();
        int links = sender.links.size();
        HttpResponse<String> forged = post("/api/auth/signin/email", "email=forged%40example.com&_csrf=forged");
        assertEquals(403, forged.statusCode());
        assertEquals(links, sender.links.size());
    }

    @Test
    void anUnknownProviderIsANotFoundPage() throws Exception {
        HttpResponse<String> page = get("/api/auth/signin/nope");
        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains("There is no such sign-in provider."), page.body());
    }
}
