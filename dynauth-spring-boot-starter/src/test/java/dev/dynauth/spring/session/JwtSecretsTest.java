package dev.dynauth.spring.session;

import dev.dynauth.spring.web.DynauthSecret;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order {@code @auth/core}'s setEnvDefaults gives (checked against the package in dynauth-interop's JwtTokensTest). */
class JwtSecretsTest {

    @Test
    void highestNumberedEnvironmentSecretFirstThenTheBaseSecret() {
        Map<String, String> env = Map.of("AUTH_SECRET_1", "s1", "AUTH_SECRET_2", "s2", "AUTH_SECRET_3", "s3");
        assertEquals(List.of("s3", "s2", "s1", "s0"), JwtSecrets.resolve(List.of(), env::get, new DynauthSecret("s0", false)));
        assertEquals(List.of("s2", "s0"), JwtSecrets.resolve(null, Map.of("AUTH_SECRET_2", "s2")::get, new DynauthSecret("s0", false)));
        assertEquals(List.of("a", "b"), JwtSecrets.resolve(List.of("a", "b"), env::get, new DynauthSecret("s0", false)),
                "dynauth.session.jwt.secrets as given");
    }
}
