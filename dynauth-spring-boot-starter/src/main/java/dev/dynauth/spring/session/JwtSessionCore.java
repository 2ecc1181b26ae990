package dev.dynauth.spring.session;

import dev.dynauth.AdapterUser;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.jwt.AuthJsToken;
import dev.dynauth.jwt.SessionCookieChunks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules of Auth.js JWT sessions that do not depend on the web stack, one place for the servlet
 * ({@link DynauthJwtSessions}) and the reactive ({@link DynauthServerSecurityContextRepository}) side: which cookie is
 * the token (whole or chunked, bounded), decoding with the key salted by the cookie's name, the user from the claims,
 * the opt-in revocation check against the user item, when a token is re-issued, the claims of a new token, and which
 * cookie parts a write makes stale. Cookie jars are plain maps (name to value) so either stack can hand its cookies in.
 */
final class JwtSessionCore {

    /** The user item attribute naming the one token ({@code jti}) "sign out all other devices" kept. */
    static final String KEPT = "signedOutKept";

    /** A session cookie that holds a JWT: the name it was read under and the joined value. */
    record Found(String name, String value) {
        @Override
        public String toString() {
            return "Found[name=" + name + "]";
        }
    }

    private final AuthJsJwt jwt;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration updateAge;
    private final boolean revokeOnSignOut;
    private final List<JwtClaimsCustomizer> customizers;
    /** The key is salted with the cookie name: one codec per name read (at most four). */
    private final Map<String, AuthJsJwt> byName = new ConcurrentHashMap<>();

    JwtSessionCore(AuthJsJwt jwt, Clock clock, Duration maxAge, Duration updateAge, boolean revokeOnSignOut,
                   List<JwtClaimsCustomizer> customizers) {
        this.jwt = jwt;
        this.clock = clock;
        this.maxAge = maxAge;
        this.updateAge = updateAge;
        this.revokeOnSignOut = revokeOnSignOut;
        this.customizers = List.copyOf(customizers);
    }

    boolean revokeOnSignOut() {
        return revokeOnSignOut;
    }

    Duration maxAge() {
        return maxAge;
    }

    /** The request's cookies that may belong to a session cookie: other names, and chunks beyond the bound, are dropped. */
    static Map<String, String> jar(List<String> names, Iterable<Map.Entry<String, String>> cookies) {
        Map<String, String> jar = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : cookies) {
            if (names.stream().allMatch(n -> DynauthJwtSessions.bounded(n, c.getKey()) || !SessionCookieChunks.isPart(n, c.getKey()))) {
                jar.putIfAbsent(c.getKey(), c.getValue());
            }
        }
        return jar;
    }

    /** The first readable cookie name whose (joined) value is a JWT; null when none is. */
    static Found find(List<String> names, Map<String, String> jar) {
        for (String name : names) {
            Optional<String> value = SessionCookieChunks.read(name, jar);
            if (value.isPresent() && DynauthJwtSessions.looksLikeJwt(value.get())) {
                return new Found(name, value.get());
            }
        }
        return null;
    }

    AuthJsJwt codec(String cookieName) {
        return byName.computeIfAbsent(cookieName, jwt::forCookieName);
    }

    Optional<AuthJsToken> decode(Found found) {
        return codec(found.name()).decode(found.value());
    }

    /** The user a token names by its claims ({@code sub} required), without a DynamoDB request. */
    static Optional<AdapterUser> claimsUser(AuthJsToken token) {
        Optional<String> sub = token.subject();
        if (sub.isEmpty() || sub.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AdapterUser.builder().id(sub.get()).email(token.email().orElse(null))
                .name(token.name().orElse(null)).image(token.picture().orElse(null)).build());
    }

    /** With revocation: whether the user item (read for this token) still accepts it. */
    static boolean accepts(AdapterUser item, AuthJsToken token) {
        Object before = item.attribute(DynauthJwtSessions.SIGNED_OUT_BEFORE);
        long iat = token.issuedAt().map(Instant::getEpochSecond).orElse(Long.MIN_VALUE);
        Object kept = item.attribute(KEPT);
        boolean keep = kept instanceof String k && !k.isEmpty() && token.jti().filter(k::equals).isPresent();
        return !(before instanceof Number n && iat <= n.longValue()) || keep;
    }

    /**
     * Whether the token is re-issued now: older than {@code updateAge}, and not in the second of a revocation (the new
     * token's {@code iat} would be refused, and only the kept {@code jti} survives it).
     */
    boolean dueForRenewal(AuthJsToken token, AdapterUser user) {
        Instant now = clock.instant();
        Instant issued = token.issuedAt().orElse(Instant.EPOCH);
        Object before = user.attribute(DynauthJwtSessions.SIGNED_OUT_BEFORE);
        boolean revokedThisSecond = before instanceof Number n && n.longValue() >= now.getEpochSecond();
        return !issued.plus(updateAge).isAfter(now) && !revokedThisSecond;
    }

    /**
     * The sign-out record of revocation: {@code signedOutBefore} = now (epoch seconds) on the user item, no kept token;
     * every token of the user issued up to now is refused from the next request on, on every instance.
     */
    dev.dynauth.UserUpdate revocation(String userId) {
        return dev.dynauth.UserUpdate.of(userId).attribute(DynauthJwtSessions.SIGNED_OUT_BEFORE, clock.instant().getEpochSecond())
                .attribute(KEPT, "").build();
    }

    /** The claims of a new token: Auth.js's default jwt callback ({@code name, email, picture, sub}), then the customisers. */
    Map<String, Object> claims(AdapterUser user) {
        Map<String, Object> claims = new LinkedHashMap<>();
        // undefined fields vanish, as in Auth.js
        putIfSet(claims, "name", user.name());
        putIfSet(claims, "email", user.email());
        putIfSet(claims, "picture", user.image());
        claims.put("sub", user.id());
        for (JwtClaimsCustomizer c : customizers) {
            c.customize(user, claims);
        }
        return claims;
    }

    /** Encodes the claims for the cookie {@code name} and decodes them again (the token as a request will read it). */
    Optional<Issued> issue(String name, Map<String, Object> claims) {
        String value = codec(name).encode(claims, maxAge);
        return codec(name).decode(value).map(token -> new Issued(value, token));
    }

    record Issued(String value, AuthJsToken token) {
        @Override
        public String toString() {
            return "Issued[jti=" + token.jti().orElse("") + "]";
        }
    }

    /** The cookies that carry {@code value} under {@code name}: one, or chunks past Auth.js's size limit. */
    List<SessionCookieChunks.Chunk> split(String name, String value) {
        return SessionCookieChunks.split(name, value, jwt.format().chunkSize());
    }

    /** The parts of the session cookie (any readable name, plain or bounded chunk) present and not among {@code written}. */
    static Set<String> stale(List<String> names, List<SessionCookieChunks.Chunk> written, Set<String> present) {
        Set<String> stale = new LinkedHashSet<>();
        for (String name : names) {
            for (String n : SessionCookieChunks.stale(name, written, present)) {
                if (DynauthJwtSessions.bounded(name, n)) {
                    stale.add(n);
                }
            }
        }
        return stale;
    }

    private static void putIfSet(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
