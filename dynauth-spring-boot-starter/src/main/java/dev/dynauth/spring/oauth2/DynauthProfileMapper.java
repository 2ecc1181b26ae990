package dev.dynauth.spring.oauth2;

import dev.dynauth.AdapterUser;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * Maps a provider's profile (an {@link OAuth2User}, an {@code OidcUser} for OpenID Connect providers) to the
 * fields of the user Auth.js creates on a first sign-in: email, name, image and any custom attributes (Auth.js's
 * {@code profile()} callback of a provider). Define one bean per provider whose profile needs it; the others use
 * {@link #standard(OAuth2User)}.
 *
 * <pre>{@code
 * @Bean
 * DynauthProfileMapper github() {
 *     return DynauthProfileMapper.of("github", profile -> AdapterUser.builder()
 *             .email(profile.getAttribute("email")).name(profile.getAttribute("login"))
 *             .image(profile.getAttribute("avatar_url")).attribute("githubId", profile.getName()).build());
 * }
 * }</pre>
 *
 * The email also decides Auth.js's account-linking rule ({@code OAuthAccountNotLinked}); it is normalised
 * (Unicode NFKC, lower case, trimmed: {@link dev.dynauth.Identifiers#canonicalEmail}) before use. The id and
 * {@code emailVerified} of the result are ignored: Auth.js creates OAuth users with a new id and {@code emailVerified}
 * null.
 */
public interface DynauthProfileMapper {

    /** Every provider without a mapper of its own. */
    String ANY_PROVIDER = "*";

    /** The Spring registration id (the Auth.js provider id) this mapper is for, or {@link #ANY_PROVIDER}. */
    String provider();

    /** The new user's fields from the provider's profile. */
    AdapterUser map(OAuth2User profile);

    /** A mapper for one provider (or {@link #ANY_PROVIDER}). */
    static DynauthProfileMapper of(String provider, java.util.function.Function<OAuth2User, AdapterUser> mapping) {
        java.util.Objects.requireNonNull(provider, "provider");
        java.util.Objects.requireNonNull(mapping, "mapping");
        return new DynauthProfileMapper() {
            @Override
            public String provider() {
                return provider;
            }

            @Override
            public AdapterUser map(OAuth2User profile) {
                return mapping.apply(profile);
            }
        };
    }

    /** The default mapping: {@code email}, {@code name}, and {@code picture} (OIDC) or else {@code avatar_url} (GitHub). */
    static AdapterUser standard(OAuth2User profile) {
        String picture = stringAttribute(profile, "picture");
        return AdapterUser.builder().email(stringAttribute(profile, "email")).name(stringAttribute(profile, "name"))
                .image(picture != null ? picture : stringAttribute(profile, "avatar_url")).build();
    }

    private static String stringAttribute(OAuth2User profile, String name) {
        Object v = profile.getAttributes().get(name);
        return v instanceof String s ? s : null;
    }
}
