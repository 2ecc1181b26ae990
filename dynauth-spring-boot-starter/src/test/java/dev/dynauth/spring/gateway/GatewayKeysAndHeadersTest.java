package dev.dynauth.spring.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.PublicUrl;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** The gateway's key (configured or generated), its configuration errors, and header mode's plain headers. */
class GatewayKeysAndHeadersTest {

    private static final Clock NOW = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    private static final AdapterUser ADA = AdapterUser.builder().id("user-ada").email("ada@example.com")
            .name("Ada Lovelace").build();

    @Test
    void gatewayInstancesWithTheConfiguredKeyPublishTheSameKeySoAServiceAcceptsTokensOfEither() throws Exception {
        String pem = pkcs8Pem();
        IdentityTokens first = IdentityTokens.of(pem, "https://gw.example.com", Duration.ofSeconds(60), NOW);
        IdentityTokens second = IdentityTokens.of(pem, "https://gw.example.com", Duration.ofSeconds(60), NOW);
        assertEquals(first.publicJwkSet(), second.publicJwkSet(), "same key, same key id on every instance");

        NimbusJwtDecoder service = NimbusJwtDecoder.withPublicKey(JWKSet.parse(second.publicJwkSet()).getKeys().get(0)
                .toRSAKey().toRSAPublicKey()).build();
        Jwt jwt = service.decode(first.mint(ADA, "orders-api"));
        assertEquals("user-ada", jwt.getSubject());
        assertEquals(List.of("orders-api"), jwt.getAudience());
        assertFalse(first.publicJwkSet().contains("\"d\""), "public parts only");
    }

    @Test
    void withoutAConfiguredKeyEachStartHasItsOwn() {
        assertNotEquals(IdentityTokens.of(null, "https://gw.example.com", Duration.ofSeconds(60), NOW).publicJwkSet(),
                IdentityTokens.of(" ", "https://gw.example.com", Duration.ofSeconds(60), NOW).publicJwkSet());
    }

    @Test
    void aKeyThatCannotBeUsedStopsTheStartWithoutQuotingIt() throws Exception {
        String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIEsecretsecret\n-----END RSA PRIVATE KEY-----";
        String broken = "-----BEGIN PRIVATE KEY-----\nMIIEsecretsecretsecret\n-----END PRIVATE KEY-----";
        for (String key : List.of(pkcs1, broken, "secretsecret", "{\"kty\":\"RSA\",\"n\":\"secretsecret\",\"e\":\"AQAB\"}")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> IdentityTokens.of(key, "https://gw.example.com", Duration.ofSeconds(60), NOW));
            assertTrue(e.getMessage().startsWith("dynauth.gateway.signing-key"), e.getMessage());
            assertFalse(e.getMessage().contains("secretsecret"), e.getMessage());
        }
        assertThrows(IllegalStateException.class,
                () -> IdentityTokens.of(pkcs8Pem(), "https://gw.example.com", Duration.ofDays(1), NOW), "a day-long token");
    }

    @Test
    void jwtModeNeedsThePublicUrlOrAnIssuerNeverTheRequestsHost() {
        DynauthGatewayProperties gateway = new DynauthGatewayProperties();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GatewayIdentity.of(gateway,
                new DynauthProperties(), PublicUrl.of(null, true), NOW));
        assertTrue(e.getMessage().contains("dynauth.url"), e.getMessage());

        gateway.setIssuer("https://issuer.example.com");
        assertTrue(GatewayIdentity.of(gateway, new DynauthProperties(), PublicUrl.of(null, false), NOW).publicJwkSet()
                .isPresent());
    }

    @Test
    void headerModeSendsPlainHeadersThatCannotBreakTheRequest() {
        DynauthGatewayProperties gateway = new DynauthGatewayProperties();
        gateway.setMode(DynauthGatewayProperties.Mode.HEADER);
        GatewayIdentity identity = GatewayIdentity.of(gateway, new DynauthProperties(), PublicUrl.of(null, false), NOW);
        assertTrue(identity.publicJwkSet().isEmpty(), "no key, no JWK set in header mode");

        AdapterUser user = AdapterUser.builder().id("u-1").email("zoë@example.com").name("Evil\r\nX-Admin: yes 100%").build();
        assertEquals(Map.of("X-Dynauth-User-Id", "u-1", "X-Dynauth-User-Email", "zo%C3%AB@example.com",
                "X-Dynauth-User-Name", "Evil%0D%0AX-Admin: yes 100%25"), identity.downstreamHeaders(user, "ignored"));
        assertEquals(Map.of("X-Dynauth-User-Id", "u-2"),
                identity.downstreamHeaders(AdapterUser.builder().id("u-2").build(), "ignored"), "absent fields are not sent");
    }

    @Test
    void theHeaderListIsTheDocumentedOnePlusTheTokenHeaderAndTheConfiguredOnes() {
        ClientIdentity rules = new ClientIdentity("X-Identity-Token", List.of(" X-User-Id "), "authjs.session-token");
        assertEquals(java.util.Set.of("authorization", "proxy-authorization", "x-dynauth-user-id", "x-dynauth-user-email",
                "x-dynauth-user-name", "x-identity-token", "x-user-id"), rules.strippedHeaders());
        assertEquals(Map.entry("X-Identity-Token", "t"), rules.tokenHeader("t"));
        assertEquals(Map.entry("Authorization", "Bearer t"),
                new ClientIdentity("Authorization", List.of(), "authjs.session-token").tokenHeader("t"));
    }

    private static String pkcs8Pem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
