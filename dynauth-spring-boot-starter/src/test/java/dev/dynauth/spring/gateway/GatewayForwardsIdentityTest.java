package dev.dynauth.spring.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterUser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * A real gateway (WebFlux, Netty) in front of a recording service: what reaches the service for a signed-in user,
 * for an anonymous one under each route policy, and for a client that forges an identity. The service checks the
 * token as Spring Security's resource server does, against the gateway's published JWK set.
 */
class GatewayForwardsIdentityTest {

    private static final AdapterUser ADA = AdapterUser.builder().id("user-ada").email("ada@example.com")
            .name("Ada Lovelace").build();
    private static RecordingService service;
    private static ConfigurableApplicationContext gateway;
    private static String base;
    private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        service = new RecordingService();
        gateway = TestGateway.start(service.uri());
        base = TestGateway.base(gateway);
        TestGateway.SESSIONS.put("ada-session", ADA);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (service != null) service.close();
    }

    @BeforeEach
    void nothingLeftOver() {
        assertTrue(service.nothingReached(), "a previous test left a request unread");
    }

    @Test
    void aSignedInUserReachesTheServiceAsAShortLivedTokenForTheRoutesAudience() throws Exception {
        HttpResponse<String> r = get("/orders/42", "Cookie", "authjs.session-token=ada-session; theme=dark");
        assertEquals(200, r.statusCode());
        RecordingService.Seen seen = service.next();
        assertEquals("/orders/42", seen.path());
        String authorization = seen.one("Authorization");
        assertNotNull(authorization, "the service gets the user as a Bearer token");
        assertTrue(authorization.startsWith("Bearer "), authorization);

        Jwt jwt = resourceServer("orders-api").decode(authorization.substring(7));
        assertEquals("user-ada", jwt.getSubject());
        assertEquals("ada@example.com", jwt.getClaimAsString("email"));
        assertEquals("Ada Lovelace", jwt.getClaimAsString("name"));
        assertEquals(List.of("orders-api"), jwt.getAudience());
        assertEquals("https://gateway.example.com", jwt.getClaimAsString("iss"));
        assertEquals(Duration.ofSeconds(60), Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt()));

        assertEquals("theme=dark", seen.one("Cookie"), "the service gets the other cookies, never the session");
    }

    @Test
    void theTokenOfOneRouteIsRefusedByAServiceOfAnotherAudience() throws Exception {
        get("/orders/1", "Cookie", "authjs.session-token=ada-session");
        String token = service.next().one("Authorization").substring(7);
        assertThrows(JwtException.class, () -> resourceServer("billing-api").decode(token));
    }

    @Test
    void noAuthJsOrDynauthCookieReachesTheService() throws Exception {
        get("/orders/1", "Cookie", "authjs.session-token=ada-session; __Secure-authjs.session-token.0=chunk; "
                + "next-auth.session-token=v4; authjs.csrf-token=c; __Host-authjs.csrf-token=c; "
                + "authjs.callback-url=x; dynauth.oauth2-request=s; dynauth-sent-to=a; XSRF-TOKEN=x; lang=en");
        assertEquals("lang=en", service.next().one("Cookie"));

        get("/orders/1", "Cookie", "authjs.session-token=ada-session");
        assertNull(service.next().one("Cookie"), "no cookie left: no Cookie header");
    }

    @Test
    void theSessionTokenSentAsBearerIsReplacedByTheMintedToken() throws Exception {
        assertEquals(200, get("/orders/1", "Authorization", "Bearer ada-session").statusCode());
        String authorization = service.next().one("Authorization");
        assertFalse(authorization.contains("ada-session"), authorization);
        assertEquals("user-ada", resourceServer("orders-api").decode(authorization.substring(7)).getSubject());
    }

    @Test
    void aForgedIdentityNeverReachesTheService() throws Exception {
        // signed in as Ada, claiming to be someone else: the claim is removed, the token names Ada
        get("/orders/1", "Cookie", "authjs.session-token=ada-session", "X-Dynauth-User-Id", "admin",
                "X-Dynauth-User-Email", "admin@example.com", "X-User-Id", "admin", "Proxy-Authorization", "Basic eA==");
        RecordingService.Seen seen = service.next();
        assertNull(seen.one("X-Dynauth-User-Id"));
        assertNull(seen.one("X-Dynauth-User-Email"));
        assertNull(seen.one("X-User-Id"), "dynauth.gateway.strip-headers");
        assertNull(seen.one("Proxy-Authorization"));
        assertEquals("user-ada", resourceServer("orders-api").decode(seen.one("Authorization").substring(7)).getSubject());

        // anonymous on a pass route with a forged header and a Bearer the gateway did not mint: neither goes through
        assertEquals(200, get("/open/x", "X-Dynauth-User-Id", "admin", "Authorization", "Bearer forged").statusCode());
        seen = service.next();
        assertNull(seen.one("X-Dynauth-User-Id"));
        assertNull(seen.one("Authorization"), "anonymous: no identity at all");

        // anonymous on a refusing route: nothing reaches the service
        assertEquals(401, get("/orders/1", "X-Dynauth-User-Id", "admin", "Authorization", "Bearer forged").statusCode());
        assertTrue(service.nothingReached());
    }

    @Test
    void anonymousRequestsAreRefusedRedirectedOrPassedAsTheRouteSays() throws Exception {
        assertEquals(401, get("/orders/1", "Accept", "text/html").statusCode(), "refuse (the default)");
        assertTrue(service.nothingReached());

        HttpResponse<String> browser = get("/app/pages/report?year=2026", "Accept", "text/html,application/xhtml+xml");
        assertEquals(302, browser.statusCode());
        assertEquals("/api/auth/signin?callbackUrl=" + URLEncoder.encode("https://gateway.example.com/app/pages/report?year=2026",
                StandardCharsets.UTF_8), browser.headers().firstValue("Location").orElseThrow(),
                "back to the page on the public URL, never on the request's Host");
        assertEquals(401, get("/app/pages/report", "Accept", "application/json").statusCode(), "API clients get 401");
        assertTrue(service.nothingReached());

        assertEquals(200, get("/open/x").statusCode(), "pass");
        assertNull(service.next().one("Authorization"));
    }

    @Test
    void theServiceCannotSetTheUsersSessionCookie() throws Exception {
        HttpResponse<String> r = get("/orders/1", "Cookie", "authjs.session-token=ada-session");
        service.next();
        List<String> setCookies = r.headers().allValues("Set-Cookie");
        assertEquals(1, setCookies.size(), setCookies.toString());
        assertTrue(setCookies.get(0).startsWith("service-pref=1"), setCookies.toString());
    }

    @Test
    void aRouteWithoutTheFilterIsLeftAsSpringCloudGatewayHasIt() throws Exception {
        get("/plain/x", "Cookie", "lang=en");
        assertEquals("lang=en", service.next().one("Cookie"));
    }

    @Test
    void theJwkSetIsPublishedWithoutASessionAndWithoutThePrivateKey() throws Exception {
        HttpResponse<String> jwks = get("/.well-known/jwks.json");
        assertEquals(200, jwks.statusCode());
        assertEquals("application/jwk-set+json", jwks.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(jwks.body().contains("\"kty\":\"RSA\""), jwks.body());
        assertFalse(jwks.body().contains("\"d\""), "no private exponent: " + jwks.body());
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/jwks.json"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(service.nothingReached());
    }

    /** A service's decoder as Spring Boot's resource server builds it from jwk-set-uri, issuer and audience. */
    private static NimbusJwtDecoder resourceServer(String audience) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(base + "/.well-known/jwks.json").build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer("https://gateway.example.com"),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience))));
        return decoder;
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
