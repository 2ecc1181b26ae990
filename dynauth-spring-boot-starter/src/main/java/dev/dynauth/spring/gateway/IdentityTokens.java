package dev.dynauth.spring.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.dynauth.AdapterUser;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Mints the short-lived token the gateway forwards (RS256, Spring Security's {@link NimbusJwtEncoder}) and holds the
 * public JWK set the services check it against. The key is the configured one (every gateway instance signs with it
 * and publishes it, so a service may be handed a token of any instance) or, without one, a key generated at start.
 */
final class IdentityTokens {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityTokens.class);

    private final JwtEncoder encoder;
    private final String keyId;
    private final String publicJwkSet;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    private IdentityTokens(RSAKey key, String issuer, Duration lifetime, Clock clock) {
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        this.keyId = key.getKeyID();
        this.publicJwkSet = new JWKSet(key.toPublicJWK()).toString();
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * @param signingKey a PKCS#8 PEM RSA private key or a private RSA JWK (JSON); null or blank: generate one
     * @throws IllegalStateException when the key cannot be read (the message never quotes it)
     */
    static IdentityTokens of(String signingKey, String issuer, Duration lifetime, Clock clock) {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalStateException("dynauth.gateway.token-lifetime must be between 1 s and 1 h (a minute or so: "
                    + "the token only carries one request to the service): " + lifetime);
        }
        return new IdentityTokens(signingKey == null || signingKey.isBlank() ? generated() : parse(signingKey.trim()),
                issuer, lifetime, clock);
    }

    /** A signed token for one request: {@code sub} = user id, {@code email}, {@code name}, {@code picture}, {@code aud}. */
    String mint(AdapterUser user, String audience) {
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().issuer(issuer).subject(user.id()).audience(List.of(audience))
                .issuedAt(now).notBefore(now).expiresAt(now.plus(lifetime)).id(UUID.randomUUID().toString());
        if (user.email() != null) {
            claims.claim("email", user.email());
        }
        if (user.name() != null) {
            claims.claim("name", user.name());
        }
        if (user.image() != null) {
            claims.claim("picture", user.image());
        }
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).type("JWT").build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }

    /** The public keys as a JWK set document ({@code application/jwk-set+json}). */
    String publicJwkSet() {
        return publicJwkSet;
    }

    String issuer() {
        return issuer;
    }

    private static RSAKey generated() {
        LOG.warn("dynauth: no dynauth.gateway.signing-key: the gateway signs with a key generated at start; a second "
                + "gateway instance (or a restart) has another key, and services then refuse tokens they did not get the "
                + "key of: set dynauth.gateway.signing-key (a PKCS#8 PEM RSA key) in production");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return withThumbprint(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("dynauth: cannot generate the gateway's RSA key: " + e.getClass().getName(), e);
        }
    }

    private static RSAKey parse(String text) {
        try {
            if (text.startsWith("{")) {
                RSAKey jwk = RSAKey.parse(text);
                if (!jwk.isPrivate()) {
                    throw new IllegalStateException("dynauth.gateway.signing-key is a public JWK: the gateway needs the "
                            + "private key");
                }
                return jwk.getKeyID() != null ? jwk : withThumbprint(new RSAKey.Builder(jwk));
            }
            if (text.contains("BEGIN RSA PRIVATE KEY")) {
                throw new IllegalStateException("dynauth.gateway.signing-key is a PKCS#1 key: convert it to PKCS#8 with "
                        + "`openssl pkcs8 -topk8 -nocrypt -in key.pem`");
            }
            if (!text.contains("BEGIN PRIVATE KEY")) {
                throw new IllegalStateException("dynauth.gateway.signing-key must be a PKCS#8 PEM RSA private key "
                        + "(-----BEGIN PRIVATE KEY-----) or a private RSA JWK");
            }
            String base64 = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (!(rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)))
                    instanceof RSAPrivateCrtKey priv)) {
                throw new IllegalStateException("dynauth.gateway.signing-key has no public part (not an RSA CRT key)");
            }
            RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(),
                    priv.getPublicExponent()));
            if (pub.getModulus().bitLength() < 2048) {
                throw new IllegalStateException("dynauth.gateway.signing-key is shorter than 2048 bits");
            }
            return withThumbprint(new RSAKey.Builder(pub).privateKey(priv));
        } catch (ParseException | GeneralSecurityException | IllegalArgumentException e) {
            // the exception's message could quote the key: only its class
            throw new IllegalStateException("dynauth.gateway.signing-key cannot be read as an RSA private key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The key id is the RFC 7638 thumbprint: the same key gets the same id on every instance. */
    private static RSAKey withThumbprint(RSAKey.Builder builder) {
        try {
            return builder.keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("dynauth: cannot compute the gateway key's thumbprint", e);
        }
    }
}
