package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterUser;
import dev.dynauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a gateway of samples/gateway-shared-with-nextjs does, the same on both gateway stacks (the runners say which
 * gateway): anonymous requests refused (API route) or sent to the Auth.js sign-in page (page route); a user signed in
 * by Auth.js (database session) or by the gateway itself (JWT session) reaches the service, which gets the user by id
 * in the gateway's token and nothing the client sent about itself: no forged identity header, no forged Bearer, no
 * sign-in cookie.
 */
@ExtendWith(GatewaySample.Resolver.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayCases {

    /** What a browser's navigation asks for: HTML first, anything else too (the service answers JSON). */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8";

    private GatewaySample sample;
    private GatewaySample.Gateway gateway;

    /** The gateway the cases run against. */
    abstract GatewaySample.Gateway gateway(GatewaySample sample);

    @BeforeAll
    void started(GatewaySample sample) {
        this.sample = sample;
        this.gateway = gateway(sample);
    }

    @Test
    void anonymousRequestsAreRefusedOrSentToTheAuthJsSignInPageAndAForgedIdentityGetsNowhere() throws Exception {
        String url = gateway.url();
        HttpBrowser browser = new HttpBrowser();
        assertEquals(401, browser.get(url + "/api/me", "application/json").statusCode());
        HttpResponse<String> page = browser.get(url + "/me?tab=1", "text/html");
        assertEquals(302, page.statusCode(), page.body() + sample.tails());
        assertEquals(sample.authJsUrl + "/api/auth/signin?callbackUrl="
                + URLEncoder.encode(url + "/me?tab=1", StandardCharsets.UTF_8), HttpBrowser.location(page));
        // an API client on the page route is refused, not redirected
        assertEquals(401, browser.get(url + "/me", "application/json").statusCode());

        // anonymous with a forged identity: refused at the gateway; the service itself refuses a Bearer it cannot check
        assertEquals(401, send(url + "/api/me", "X-Dynauth-User-Id", "admin", "Authorization", "Bearer forged").statusCode());
        assertEquals(302, send(url + "/me", "Accept", "text/html", "X-Dynauth-User-Id", "admin").statusCode(),
                "a forged identity header signs nobody in: the browser still goes to the sign-in page");
        assertEquals(401, send(sample.serviceUrl + "/me", "Authorization", "Bearer forged").statusCode());
    }

    @Test
    void aUserSignedInByAuthJsReachesTheServiceByIdAndNothingForgedReachesIt() throws Exception {
        String url = gateway.url();
        HttpBrowser browser = new HttpBrowser();
        String email = "grace-" + gateway.name() + "@example.com";
        String session = SamplesIT.signInWithAuthJs(browser, sample.authJs, sample.authJsUrl, email);
        AdapterUser user = sample.table.getUserByEmail(email).orElseThrow();

        HttpResponse<String> me = send(url + "/api/me", "Accept", "application/json",
                "Cookie", "authjs.session-token=" + session + "; authjs.csrf-token=x; lang=en",
                "X-Dynauth-User-Id", "admin", "X-Dynauth-User-Email", "admin@example.com", "Authorization", "Bearer forged");
        reachedAs(user, me);
        assertTrue(me.body().contains("\"cookies\":[\"lang\"]"), "only the application's own cookie: " + me.body());
        assertFalse(me.body().contains(session), me.body());

        // the browser's own way: its cookie jar, the page route, a browser's Accept (the service answers JSON)
        reachedAs(user, browser.get(url + "/me", BROWSER_ACCEPT));

        // the session token as a Bearer is no way past the gateway either: the service gets the gateway's token
        HttpResponse<String> bearer = send(url + "/api/me", "Authorization", "Bearer " + session);
        assertFalse(bearer.body().contains(session), bearer.body());
    }

    @Test
    void aUserSignedInByTheGatewayItselfWithAJwtSessionReachesTheService() throws Exception {
        String url = gateway.url();
        HttpBrowser browser = new HttpBrowser();
        String email = "ada-" + gateway.name() + "@example.com";
        HttpResponse<String> page = browser.get(url + "/api/auth/signin", "text/html");
        assertEquals(200, page.statusCode(), page.body() + sample.tails());
        int mark = gateway.process().mark();
        HttpResponse<String> sent = browser.post(url + "/api/auth/signin/email",
                Map.of("email", email, "callbackUrl", url + "/me", "_csrf", HttpBrowser.csrfField(page)));
        assertEquals(302, sent.statusCode(), sent.body() + sample.tails());
        Matcher link = gateway.process().await(Pattern.compile("sign-in link for " + Pattern.quote(email) + " .*: (http\\S+)"),
                mark, Duration.ofSeconds(30));
        HttpResponse<String> callback = browser.get(link.group(1), "text/html");
        assertEquals(302, callback.statusCode(), callback.body() + sample.tails());
        assertEquals(url + "/me", HttpBrowser.location(callback));
        String jwt = browser.cookie("authjs.session-token").orElseThrow();
        assertEquals(5, jwt.split("\\.", -1).length, "the gateway's own sign-in issues Auth.js's JWT (a JWE): " + jwt);

        AdapterUser user = sample.table.getUserByEmail(email).orElseThrow();
        HttpResponse<String> me = send(url + "/api/me", "Accept", "application/json",
                "Cookie", "authjs.session-token=" + jwt, "X-Dynauth-User-Id", "admin", "Authorization", "Bearer forged");
        reachedAs(user, me);
        assertTrue(me.body().contains("\"cookies\":[]"), me.body());
        assertFalse(me.body().contains(jwt), me.body());
        reachedAs(user, browser.get(url + "/me", BROWSER_ACCEPT));
    }

    /** The service's answer for {@code user}: the gateway's token for the service, no identity header of the client. */
    private void reachedAs(AdapterUser user, HttpResponse<String> me) {
        assertEquals(200, me.statusCode(), me.body() + sample.tails());
        assertTrue(me.body().contains("\"id\":\"" + user.id() + "\""), me.body());
        assertTrue(me.body().contains("\"email\":\"" + user.email() + "\""), me.body());
        assertTrue(me.body().contains("\"audience\":[\"sample-service\"]"), me.body());
        assertTrue(me.body().contains("\"identityHeaders\":[]"), me.body());
    }

    private static HttpResponse<String> send(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
