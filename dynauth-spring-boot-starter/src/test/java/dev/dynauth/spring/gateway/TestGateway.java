package dev.dynauth.spring.gateway;

import dev.dynauth.AdapterUser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A Spring Cloud Gateway (WebFlux, Netty) with the starter's gateway feature, on a loopback port, in front of a
 * {@link RecordingService}. The signed-in user comes from a security-context repository of the test that stands in
 * for the reactive session side: the Auth.js session cookie, or the session token as {@code Authorization: Bearer},
 * names a user of {@link #SESSIONS}, and the principal is the {@link AdapterUser} as dynauth makes it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {"dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration",
        "dev.dynauth.spring.oauth2.DynauthOAuth2ClientAutoConfiguration",
        "dev.dynauth.spring.session.SessionAutoConfiguration", "dev.dynauth.spring.session.ReactiveSessionAutoConfiguration"})
class TestGateway {

    /** Session token -> user: what the session side would read from the table. */
    static final Map<String, AdapterUser> SESSIONS = new ConcurrentHashMap<>();

    /**
     * Starts a gateway with the routes {@code orders} (refuse), {@code pages} ({@code /app/pages/**} without its
     * prefix; redirect), {@code open} (pass) and {@code plain} (without the filter).
     */
    static ConfigurableApplicationContext start(String serviceUri, String... more) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("server.address", "127.0.0.1");
        p.put("dynauth.url", "https://gateway.example.com");
        p.put("dynauth.gateway.strip-headers", "X-User-Id");
        String routes = "spring.cloud.gateway.server.webflux.routes";
        route(p, routes + "[0]", "orders", serviceUri, "/orders/**");
        p.put(routes + "[0].filters[0]", "DynauthIdentity=orders-api");
        // the way back names the path the browser asked for, not the one StripPrefix left
        route(p, routes + "[1]", "pages", serviceUri, "/app/pages/**");
        p.put(routes + "[1].filters[0]", "StripPrefix=1");
        p.put(routes + "[1].filters[1].name", "DynauthIdentity");
        p.put(routes + "[1].filters[1].args.anonymous", "redirect");
        route(p, routes + "[2]", "open", serviceUri, "/open/**");
        p.put(routes + "[2].filters[0]", "DynauthIdentity=open-api, pass");
        route(p, routes + "[3]", "plain", serviceUri, "/plain/**");
        for (String kv : more) {
            String[] split = kv.split("=", 2);
            p.put(split[0], split[1]);
        }
        return new SpringApplicationBuilder(TestGateway.class).web(WebApplicationType.REACTIVE).properties(p)
                // a command-line argument: above GatewaysOnlyWhereAsked, which default properties are not
                .run("--spring.cloud.gateway.server.webflux.enabled=true", "--dynauth.gateway.enabled=true");
    }

    private static void route(Map<String, Object> p, String prefix, String id, String uri, String path) {
        p.put(prefix + ".id", id);
        p.put(prefix + ".uri", uri);
        p.put(prefix + ".predicates[0]", "Path=" + path);
    }

    static String base(ConfigurableApplicationContext gateway) {
        return "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
    }

    @Bean
    SecurityWebFilterChain testChain(ServerHttpSecurity http) {
        return http.securityContextRepository(new TestSessions())
                .authorizeExchange(a -> a.anyExchange().permitAll())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    /** Loads the user of the Auth.js session cookie or of a Bearer session token; saves nothing. */
    static final class TestSessions implements ServerSecurityContextRepository {
        @Override
        public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
            return Mono.empty();
        }

        @Override
        public Mono<SecurityContext> load(ServerWebExchange exchange) {
            HttpCookie cookie = exchange.getRequest().getCookies().getFirst("authjs.session-token");
            String bearer = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            String token = cookie != null ? cookie.getValue()
                    : bearer != null && bearer.startsWith("Bearer ") ? bearer.substring(7) : null;
            AdapterUser user = token == null ? null : SESSIONS.get(token);
            return user == null ? Mono.empty() : Mono.just(new SecurityContextImpl(
                    UsernamePasswordAuthenticationToken.authenticated(user, null, AuthorityUtils.createAuthorityList("ROLE_USER"))));
        }
    }
}
