package dev.dynauth.spring.session;

import dev.dynauth.AdapterUser;
import java.util.Map;

/**
 * A bean that adds claims to the JWT session token at sign-in, as an Auth.js {@code jwt} callback does on
 * {@code signIn}/{@code signUp}. The claims start as Auth.js's default token ({@code sub} = user id,
 * {@code name}, {@code email}, {@code picture}); {@code iat}, {@code exp} and {@code jti} are set afterwards.
 * Values must be JSON (String, Number, Boolean, null, List, Map). Renewals keep the claims as they are.
 */
@FunctionalInterface
public interface JwtClaimsCustomizer {

    void customize(AdapterUser user, Map<String, Object> claims);
}
