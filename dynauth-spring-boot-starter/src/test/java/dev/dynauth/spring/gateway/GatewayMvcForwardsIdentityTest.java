package dev.dynauth.spring.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import dev.dynauth.AdapterUser;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The same forwarding on a Spring Cloud Gateway on Spring MVC (Tomcat): {@link DynauthGatewayMvc}'s filter on
 * routes, the user from the servlet security context, the JWK set served by the gateway.
 */
class GatewayMvcForwardsIdentityTest {

    private static RecordingService service;
    private static ConfigurableApplicationContext gateway;
    private static String base;
    private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {"dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration",
            "dev.dynauth.spring.oauth2.DynauthOAuth2ClientAutoConfiguration",
        "dev.dynauth.spring.session.SessionAutoConfiguration", "dev.dynauth.spring.session.ReactiveSessionAutoConfiguration"})
    static class MvcGateway {
        static String serviceUri;

        @Bean
        RouterFunction<ServerResponse> orders(DynauthGatewayMvc dynauth) {
            return route("orders").GET("/orders/**", http()).before(uri(serviceUri))
                    .filter(dynauth.identity("orders-api")).build();
        }

        @Bean
        RouterFunction<ServerResponse> pages(DynauthGatewayMvc dynauth) {
            return route("pages").GET("/pages/**", http()).before(uri(serviceUri))
                    .filter(dynauth.identity("pages", "redirect")).build();
        }

        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            return http.securityContext(c -> c.securityContextRepository(new CookieSessions()))
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll()).csrf(c -> c.disable()).build();
        }
    }

    /** The servlet twin of {@link TestGateway.TestSessions}: the Auth.js session cookie names a user. */
    static final class CookieSessions implements SecurityContextRepository {
        @Override
        @SuppressWarnings("deprecation") // the interface's default loadDeferredContext calls it
        public SecurityContext loadContext(org.springframework.security.web.context.HttpRequestResponseHolder holder) {
            return load(holder.getRequest());
        }

        private static SecurityContext load(HttpServletRequest request) {
            Cookie[] cookies = request.getCookies() == null ? new Cookie[0] : request.getCookies();
            for (Cookie c : cookies) {
                AdapterUser user = c.getName().equals("authjs.session-token") ? TestGateway.SESSIONS.get(c.getValue()) : null;
                if (user != null) {
                    return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null,
                            AuthorityUtils.createAuthorityList("ROLE_USER")));
                }
            }
            return new SecurityContextImpl();
        }

        @Override
        public void saveContext(SecurityContext context, HttpServletRequest request,
                                jakarta.servlet.http.HttpServletResponse response) {
        }

        @Override
        public boolean containsContext(HttpServletRequest request) {
            return false;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        service = new RecordingService();
        MvcGateway.serviceUri = service.uri();
        TestGateway.SESSIONS.put("grace-session", AdapterUser.builder().id("user-grace").email("grace@example.com").build());
        gateway = new SpringApplicationBuilder(MvcGateway.class).web(WebApplicationType.SERVLET)
                .properties(Map.of("server.port", "0", "server.address", "127.0.0.1", "dynauth.url", "https://gw.example.com"))
                .run("--dynauth.gateway.enabled=true");
        base = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (service != null) service.close();
    }

    @Test
    void aSignedInUserReachesTheServiceAsATokenAndNothingTheClientSentAboutItself() throws Exception {
        HttpResponse<String> r = get("/orders/7", "Cookie", "authjs.session-token=grace-session; lang=en",
                "X-Dynauth-User-Id", "admin", "Authorization", "Bearer forged");
        assertEquals(200, r.statusCode(), r.body());
        RecordingService.Seen seen = service.next();
        Jwt jwt = NimbusJwtDecoder.withJwkSetUri(base + "/.well-known/jwks.json").build()
                .decode(seen.one("Authorization").substring(7));
        assertEquals("user-grace", jwt.getSubject());
        assertEquals(List.of("orders-api"), jwt.getAudience());
        assertEquals("https://gw.example.com", jwt.getClaimAsString("iss"));
        assertNull(seen.one("X-Dynauth-User-Id"));
        assertEquals("lang=en", seen.one("Cookie"));
        assertFalse(r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("authjs.")),
                "the service cannot set the session cookie: " + r.headers().allValues("Set-Cookie"));
    }

    @Test
    void anonymousRequestsAreRefusedOrSentToTheSignInPage() throws Exception {
        assertEquals(401, get("/orders/7", "X-Dynauth-User-Id", "admin").statusCode());
        HttpResponse<String> browser = get("/pages/a?b=1", "Accept", "text/html");
        assertEquals(302, browser.statusCode());
        assertEquals("/api/auth/signin?callbackUrl=" + URLEncoder.encode("https://gw.example.com/pages/a?b=1",
                StandardCharsets.UTF_8), browser.headers().firstValue("Location").orElseThrow());
        assertTrue(service.nothingReached());
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
