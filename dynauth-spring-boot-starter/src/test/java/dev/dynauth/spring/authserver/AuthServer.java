package dev.dynauth.spring.authserver;

import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A real OAuth2 / OpenID Connect provider (Spring Authorization Server through Spring Boot) on a random
 * loopback port, with users {@code alice}, {@code bob}, ... (password {@code password}) whose ID tokens
 * carry {@code email = <user>@example.com}; and a little browser to sign in at it.
 */
public final class AuthServer {

    public static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};

    private final ConfigurableApplicationContext context;
    private final int port;

    private AuthServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The clients of the {@link #shared()} provider: a test class names those its application registers. */
    public static final java.util.List<String> CLIENTS = java.util.List.of("idp", "trusting", "mapped", "plain", "fullwidth");
    /** The applications' origins the shared provider redirects back to: the tests' own and a public URL's. */
    static final java.util.List<String> APP_BASES = java.util.List.of("http://127.0.0.1", "https://app.example.com");

    private static AuthServer shared;

    /**
     * The provider of the whole test run, started on first use and stopped when the JVM exits: starting one is a
     * Spring Boot application of its own, which each test class that signs in with OAuth used to pay for.
     * Test classes get their clients registered with {@link WithAuthServer}.
     */
    public static synchronized AuthServer shared() {
        if (shared == null) {
            shared = start(APP_BASES, CLIENTS.toArray(String[]::new));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "auth-server-stop"));
        }
        return shared;
    }

    /** Starts the provider with one client per registration id; redirect URIs are {@code <appBase>/api/auth/callback/<id>}. */
    private static AuthServer start(java.util.List<String> appBases, String... registrationIds) {
        SpringApplication app = new SpringApplication(Config.class);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--spring.config.name=authserver-none",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.autoconfigure.exclude=dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration",
                "--logging.level.org.springframework.security=WARN"));
        for (String id : registrationIds) {
            String p = "--spring.security.oauth2.authorizationserver.client." + id + ".";
            args.add(p + "registration.client-id=" + id + "-client");
            args.add(p + "registration.client-secret={noop}" + id + "-secret");
            args.add(p + "registration.client-authentication-methods=client_secret_basic");
            args.add(p + "registration.authorization-grant-types=authorization_code,refresh_token");
            args.add(p + "registration.redirect-uris=" + String.join(",",
                    appBases.stream().map(base -> base + "/api/auth/callback/" + id).toList()));
            args.add(p + "registration.scopes=openid,profile,email");
            args.add(p + "require-authorization-consent=false");
            args.add(p + "require-proof-key=false");
        }
        return new AuthServer(app.run(args.toArray(String[]::new)));
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Spring Boot client properties for a registration at this provider. */
    public String[] clientProperties(String id) {
        String r = "spring.security.oauth2.client.registration." + id + ".";
        String p = "spring.security.oauth2.client.provider." + id + ".";
        return new String[] {
                r + "client-id=" + id + "-client",
                r + "client-secret=" + id + "-secret",
                r + "client-name=Test IdP " + id,
                r + "authorization-grant-type=authorization_code",
                r + "scope=openid,profile,email",
                r + "provider=" + id,
                r + "redirect-uri={baseUrl}/api/auth/callback/{registrationId}",
                p + "authorization-uri=" + base() + "/oauth2/authorize",
                p + "token-uri=" + base() + "/oauth2/token",
                p + "jwk-set-uri=" + base() + "/oauth2/jwks",
                p + "user-name-attribute=sub"};
    }

    private void close() {
        context.close();
    }

    /**
     * Signs {@code user} in at the provider, starting from the authorization URL the app redirected to,
     * and returns the redirect back to the app (the callback URL with {@code code} and {@code state}).
     */
    public String authorize(String authorizationUrl, String user) throws IOException, InterruptedException {
        return authorize(authorizationUrl, user, new CookieManager(null, CookiePolicy.ACCEPT_ALL));
    }

    /** As {@link #authorize(String, String)}, in a browser ({@code jar}) that may already be signed in at the provider. */
    public String authorize(String authorizationUrl, String user, CookieManager jar) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).cookieHandler(jar).build();
        String url = authorizationUrl;
        boolean loggedIn = false;
        for (int hop = 0; hop < 10; hop++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && !loggedIn) {
                Matcher m = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"|name=\"_csrf\" value=\"([^\"]+)\"")
                        .matcher(r.body());
                if (!m.find()) {
                    throw new IllegalStateException("no login form at " + url + ": " + r.body());
                }
                String csrf = m.group(1) != null ? m.group(1) : m.group(2);
                String form = "username=" + enc(user) + "&password=password&_csrf=" + enc(csrf);
                HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                if (login.statusCode() != 302) {
                    throw new IllegalStateException("login failed: " + login.statusCode());
                }
                loggedIn = true;
                url = resolve(url, login.headers().firstValue("Location").orElseThrow());
                continue;
            }
            if (r.statusCode() != 302) {
                throw new IllegalStateException("unexpected " + r.statusCode() + " at " + url + ": " + r.body());
            }
            String next = resolve(url, r.headers().firstValue("Location").orElseThrow());
            if (!next.startsWith(base())) {
                return next;
            }
            url = next;
        }
        throw new IllegalStateException("too many redirects");
    }

    private static String resolve(String base, String location) {
        return URI.create(base).resolve(location).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static final java.util.concurrent.atomic.AtomicInteger SESSION_STATES = new java.util.concurrent.atomic.AtomicInteger();
    private static volatile String lastSessionState;

    /** The {@code session_state} of the last token response (each one has a new one, as Keycloak's do). */
    public static String lastSessionState() {
        return lastSessionState;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Config {
        /** Token responses carry a {@code session_state}, as those of Keycloak and other OIDC providers do. */
        @Bean
        static org.springframework.beans.factory.config.BeanPostProcessor sessionStateInTokenResponses() {
            return new org.springframework.beans.factory.config.BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof org.springframework.security.web.SecurityFilterChain chain) {
                        for (jakarta.servlet.Filter f : chain.getFilters()) {
                            if (f instanceof org.springframework.security.oauth2.server.authorization.web.OAuth2TokenEndpointFilter t) {
                                var handler = new org.springframework.security.oauth2.server.authorization.web.authentication
                                        .OAuth2AccessTokenResponseAuthenticationSuccessHandler();
                                handler.setAccessTokenResponseCustomizer(ctx -> {
                                    org.springframework.security.oauth2.server.authorization.authentication
                                            .OAuth2AccessTokenAuthenticationToken token = ctx.getAuthentication();
                                    java.util.Map<String, Object> params = new java.util.HashMap<>(token.getAdditionalParameters());
                                    String state = "session-state-" + SESSION_STATES.incrementAndGet();
                                    params.put("session_state", state);
                                    lastSessionState = state;
                                    ctx.getAccessTokenResponse().additionalParameters(params);
                                });
                                t.setAuthenticationSuccessHandler(handler);
                            }
                        }
                    }
                    return bean;
                }
            };
        }

        @Bean
        UserDetailsService users() {
            InMemoryUserDetailsManager m = new InMemoryUserDetailsManager();
            for (String u : USERS) {
                m.createUser(User.withUsername(u).password("{noop}password").roles("USER").build());
            }
            return m;
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> emailClaim() {
            return ctx -> {
                if ("id_token".equals(ctx.getTokenType().getValue())) {
                    String name = ctx.getPrincipal().getName();
                    ctx.getClaims().claim("email", name + "@example.com").claim("name", "User " + name);
                }
            };
        }
    }
}
