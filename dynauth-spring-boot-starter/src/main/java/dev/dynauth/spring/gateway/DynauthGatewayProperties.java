package dev.dynauth.spring.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dynauth.gateway.*}: how a Spring Cloud Gateway forwards the signed-in user to the services behind it
 * (the starter README's "At a gateway"). Per route, the filter {@code DynauthIdentity} adds the audience and the
 * anonymous policy.
 */
@ConfigurationProperties("dynauth.gateway")
public class DynauthGatewayProperties {

    /** How the user travels downstream. */
    public enum Mode {
        /** A short-lived JWT the gateway signs; downstream checks it against the gateway's JWK set (the default). */
        JWT,
        /** Plain {@code X-Dynauth-User-*} headers: only on a network where nothing but the gateway reaches the services. */
        HEADER
    }

    private Mode mode = Mode.JWT;
    private String header = "Authorization";
    private Duration tokenLifetime = Duration.ofSeconds(60);
    private String issuer;
    private String signingKey;
    private String jwkSetPath = "/.well-known/jwks.json";
    private List<String> stripHeaders = new ArrayList<>();

    public Mode getMode() { return mode; }
    public void setMode(Mode mode) { this.mode = mode == null ? Mode.JWT : mode; }

    /** The header the token goes in: {@code Authorization} gets {@code Bearer <token>}, any other the token alone. */
    public String getHeader() { return header; }
    public void setHeader(String header) { this.header = header == null || header.isBlank() ? "Authorization" : header.trim(); }

    public Duration getTokenLifetime() { return tokenLifetime; }
    public void setTokenLifetime(Duration tokenLifetime) { this.tokenLifetime = tokenLifetime; }

    /** The tokens' {@code iss}; default the public URL ({@code dynauth.url}, {@code AUTH_URL}). */
    public String getIssuer() { return issuer; }
    public void setIssuer(String issuer) { this.issuer = issuer; }

    /**
     * The signing key: a PKCS#8 PEM RSA private key ({@code openssl genpkey -algorithm RSA -pkeyopt
     * rsa_keygen_bits:2048}). Without it each start generates one, which only a single gateway instance can use.
     */
    public String getSigningKey() { return signingKey; }
    public void setSigningKey(String signingKey) { this.signingKey = signingKey; }

    /** Where the gateway serves its public keys (the resource servers' {@code jwk-set-uri}). */
    public String getJwkSetPath() { return jwkSetPath; }
    public void setJwkSetPath(String jwkSetPath) { this.jwkSetPath = jwkSetPath; }

    /** Request headers removed besides the fixed list (e.g. an {@code X-User-Id} an older service trusts). */
    public List<String> getStripHeaders() { return stripHeaders; }
    public void setStripHeaders(List<String> stripHeaders) { this.stripHeaders = stripHeaders == null ? new ArrayList<>() : stripHeaders; }

    @Override
    public String toString() {
        // the signing key is a secret: never printed
        return "DynauthGatewayProperties[mode=" + mode + ", header=" + header + ", tokenLifetime=" + tokenLifetime
                + ", issuer=" + issuer + ", signingKey=" + (signingKey == null ? "generated" : "<configured>")
                + ", jwkSetPath=" + jwkSetPath + ", stripHeaders=" + stripHeaders + "]";
    }
}
