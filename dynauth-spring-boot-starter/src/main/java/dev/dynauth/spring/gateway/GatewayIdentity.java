package dev.dynauth.spring.gateway;

import dev.dynauth.AdapterUser;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.PublicUrl;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;

/**
 * The gateway's identity forwarding, built once from the configuration and shared by both gateway stacks' filters:
 * the rules of {@link ClientIdentity}, the token minting of {@link IdentityTokens} (JWT mode), and where a signed-out
 * browser is sent.
 */
final class GatewayIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayIdentity.class);

    private final DynauthGatewayProperties.Mode mode;
    private final ClientIdentity rules;
    private final IdentityTokens tokens;      // null in header mode
    private final String signInPage;
    private final Optional<String> publicUrl;
    private final String jwkSetPath;

    private GatewayIdentity(DynauthGatewayProperties.Mode mode, ClientIdentity rules, IdentityTokens tokens,
                            String signInPage, Optional<String> publicUrl, String jwkSetPath) {
        this.mode = mode;
        this.rules = rules;
        this.tokens = tokens;
        this.signInPage = signInPage;
        this.publicUrl = publicUrl;
        this.jwkSetPath = jwkSetPath;
    }

    /**
     * @throws IllegalStateException in JWT mode without an issuer ({@code dynauth.gateway.issuer}, else the public
     *                               URL): a service checks {@code iss}, and it may never follow a request's Host header
     */
    static GatewayIdentity of(DynauthGatewayProperties gateway, DynauthProperties dynauth, PublicUrl publicUrl, Clock clock) {
        ClientIdentity rules = new ClientIdentity(gateway.getHeader(), gateway.getStripHeaders(), dynauth.getCookie().getName());
        String path = gateway.getJwkSetPath() == null || gateway.getJwkSetPath().isBlank() ? "/.well-known/jwks.json"
                : gateway.getJwkSetPath().trim();
        if (!path.startsWith("/")) {
            throw new IllegalStateException("dynauth.gateway.jwk-set-path must be a path starting with /: " + path);
        }
        IdentityTokens tokens = null;
        if (gateway.getMode() == DynauthGatewayProperties.Mode.HEADER) {
            LOG.warn("dynauth: dynauth.gateway.mode=header: services behind the gateway get the user as plain {} headers; "
                    + "only where nothing but the gateway can reach them (anyone who can reach them can be anyone)",
                    ClientIdentity.USER_ID);
        } else {
            String issuer = gateway.getIssuer() != null && !gateway.getIssuer().isBlank() ? gateway.getIssuer().trim()
                    : publicUrl.configured().orElseThrow(() -> new IllegalStateException("dynauth.gateway: the tokens' "
                            + "issuer is the gateway's public URL: set dynauth.url (or AUTH_URL), or dynauth.gateway.issuer"));
            tokens = IdentityTokens.of(gateway.getSigningKey(), issuer, gateway.getTokenLifetime(), clock);
        }
        return new GatewayIdentity(gateway.getMode(), rules, tokens, dynauth.getSignInPage(), publicUrl.configured(), path);
    }

    /**
     * The signed-in user of an authentication, if it is one: dynauth's principal is the {@link AdapterUser}. Here, in
     * the stack-neutral class, because a WebMvc gateway has none of the WebFlux gateway's classes to link against.
     */
    static Optional<AdapterUser> signedIn(Authentication authentication) {
        return authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof AdapterUser user && user.id() != null
                ? Optional.of(user) : Optional.empty();
    }

    ClientIdentity rules() {
        return rules;
    }

    /** The headers that carry the user downstream: the token header, or header mode's plain headers. */
    Map<String, String> downstreamHeaders(AdapterUser user, String audience) {
        if (tokens == null) {
            return ClientIdentity.userHeaders(user);
        }
        Map.Entry<String, String> header = rules.tokenHeader(tokens.mint(user, audience));
        return Map.of(header.getKey(), header.getValue());
    }

    /** A route without an audience and without an id: the issuer (never reached through Spring Cloud Gateway's routes). */
    String defaultAudience() {
        return tokens != null ? tokens.issuer() : "gateway";
    }

    String signInLocation(String rawPathAndQuery) {
        return AnonymousPolicy.signInLocation(signInPage, publicUrl, rawPathAndQuery);
    }

    /** The public JWK set, in JWT mode. */
    Optional<String> publicJwkSet() {
        return Optional.ofNullable(tokens).map(IdentityTokens::publicJwkSet);
    }

    /** The JWK set document and where it is served ({@code dynauth.gateway.jwk-set-path}), in JWT mode. */
    Optional<JwkSetDocument> jwkSetDocument() {
        return publicJwkSet().map(json -> new JwkSetDocument(jwkSetPath, json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** What both stacks' JWK set filters serve: {@code application/jwk-set+json}, cached for five minutes. */
    record JwkSetDocument(String path, byte[] body) {
        static final String CONTENT_TYPE = "application/jwk-set+json";
        static final String CACHE_CONTROL = "public, max-age=300";
    }

    DynauthGatewayProperties.Mode mode() {
        return mode;
    }
}
