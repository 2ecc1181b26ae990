package dev.dynauth.spring.oauth2;

import dev.dynauth.spring.web.CookieSealer;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.DynauthSecret;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Keeps the OAuth2 authorization request (state, PKCE verifier, nonce) in an encrypted, authenticated
 * cookie (AES-256-GCM with a key derived from the dynauth secret) instead of the HttpSession, so the
 * callback may reach any instance. The cookie lives 10 minutes and is bound to the {@code state} and to the
 * provider that set it (another provider's callback refuses it).
 */
public class CookieAuthorizationRequestRepository implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    public static final String COOKIE = Cookies.OAUTH2_REQUEST;
    private static final Duration MAX_AGE = Duration.ofMinutes(10);

    /** Request attribute: the authorization request the callback consumed (for its {@code callbackUrl}). */
    static final String CONSUMED = CookieAuthorizationRequestRepository.class.getName() + ".consumed";

    private final CookieSealer sealer;
    private final SingleUse singleUse;

    /** Records that a state was used, so that a replayed cookie is refused: true the first time only. */
    @FunctionalInterface
    public interface SingleUse {
        boolean firstUse(String key, java.time.Instant expires);
    }

    public CookieAuthorizationRequestRepository(DynauthSecret secret, DynauthProperties.Cookie cookieConfig) {
        this(secret, cookieConfig, (key, expires) -> true);
    }

    /** @param singleUse refuses a second use of a state (e.g. {@link DynamoDbSingleUse}), across instances */
    public CookieAuthorizationRequestRepository(DynauthSecret secret, DynauthProperties.Cookie cookieConfig,
                                                SingleUse singleUse) {
        this.sealer = new CookieSealer(COOKIE, secret, cookieConfig);
        this.singleUse = singleUse;
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        if (state == null) {
            return null;
        }
        String plain = sealer.read(request);
        OAuth2AuthorizationRequest stored = plain == null ? null : deserialize(plain);
        return stored != null && state.equals(stored.getState()) && callbackOf(request, stored) ? stored : null;
    }

    /**
     * Whether the request is the callback of the provider whose sign-in sealed the cookie (its {@code registration_id},
     * recorded when the sign-in started). Spring would otherwise finish the sign-in with the recorded provider at
     * any provider's callback: as Auth.js 0.41.3, state, PKCE verifier and nonce are good for one provider only.
     */
    private static boolean callbackOf(HttpServletRequest request, OAuth2AuthorizationRequest stored) {
        return callbackOf(request.getRequestURI(), stored);
    }

    /** {@link #callbackOf(HttpServletRequest, OAuth2AuthorizationRequest)} by the request's path (either stack). */
    static boolean callbackOf(String path, OAuth2AuthorizationRequest stored) {
        Object provider = stored.getAttributes().get(OAuth2ParameterNames.REGISTRATION_ID);
        return provider instanceof String id && !id.isEmpty() && path != null && path.endsWith("/" + id);
    }

    @Override
    public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
                                         HttpServletResponse response) {
        if (authorizationRequest == null) {
            sealer.clear(request, response);
            return;
        }
        sealer.write(request, response, serialize(authorizationRequest), MAX_AGE);
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request, HttpServletResponse response) {
        OAuth2AuthorizationRequest loaded = loadAuthorizationRequest(request);
        if (loaded == null) {
            return null;
        }
        sealer.clear(request, response);
        // the cookie may have been copied: its state is good once, on whichever instance sees it first
        if (!firstUse(singleUse, loaded)) {
            return null;
        }
        request.setAttribute(CONSUMED, loaded);
        return loaded;
    }

    /** Whether this is the first use of the request's state, on any instance. */
    static boolean firstUse(SingleUse singleUse, OAuth2AuthorizationRequest loaded) {
        return singleUse.firstUse("oauth2-state#" + DynauthSecret.sha256Hex(loaded.getState()),
                java.time.Instant.now().plus(MAX_AGE).plusSeconds(60));
    }

    /** The cookie's lifetime: the time a user has at the provider. */
    static Duration maxAge() {
        return MAX_AGE;
    }

    /** The callback URL the consumed authorization request carried (already normalised when it was stored). */
    static String consumedCallbackUrl(HttpServletRequest request) {
        return request.getAttribute(CONSUMED) instanceof OAuth2AuthorizationRequest r
                && r.getAttributes().get(DynauthOAuth2.CALLBACK_URL_ATTRIBUTE) instanceof String s ? s : null;
    }

    // ---- serialization: URL-encoded "name=value" lines; only String values are kept -------------

    static String serialize(OAuth2AuthorizationRequest r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("authorizationUri", r.getAuthorizationUri());
        m.put("clientId", r.getClientId());
        m.put("redirectUri", r.getRedirectUri());
        m.put("scopes", String.join(" ", r.getScopes()));
        m.put("state", r.getState());
        m.put("authorizationRequestUri", r.getAuthorizationRequestUri());
        r.getAdditionalParameters().forEach((k, v) -> { if (v instanceof String s) { m.put("p." + k, s); } });
        r.getAttributes().forEach((k, v) -> { if (v instanceof String s) { m.put("a." + k, s); } });
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> {
            if (v != null) {
                b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        });
        return b.toString();
    }

    static OAuth2AuthorizationRequest deserialize(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : s.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Object> attrs = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("p.")) {
                params.put(k.substring(2), v);
            } else if (k.startsWith("a.")) {
                attrs.put(k.substring(2), v);
            }
        });
        Set<String> scopes = new LinkedHashSet<>();
        String sc = m.getOrDefault("scopes", "");
        for (String x : sc.split(" ")) {
            if (!x.isEmpty()) {
                scopes.add(x);
            }
        }
        try {
            return OAuth2AuthorizationRequest.authorizationCode()
                    .authorizationUri(m.get("authorizationUri"))
                    .clientId(m.get("clientId"))
                    .redirectUri(m.get("redirectUri"))
                    .scopes(scopes)
                    .state(m.get("state"))
                    .additionalParameters(params)
                    .attributes(attrs)
                    .authorizationRequestUri(m.get("authorizationRequestUri"))
                    .build();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

}
