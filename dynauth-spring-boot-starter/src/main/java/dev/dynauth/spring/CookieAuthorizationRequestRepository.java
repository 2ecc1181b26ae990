package dev.dynauth.spring;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Keeps the OAuth2 authorization request (state, PKCE verifier, nonce) in an encrypted, authenticated
 * cookie (AES-256-GCM with a key derived from the dynauth secret) instead of the HttpSession, so the
 * callback may reach any instance. The cookie lives 10 minutes and is bound to the {@code state}.
 */
public class CookieAuthorizationRequestRepository implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "dynauth.oauth2-request";
    private static final Duration MAX_AGE = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final DynauthProperties.Cookie cookieConfig;

    public CookieAuthorizationRequestRepository(DynauthSecret secret, DynauthProperties.Cookie cookieConfig) {
        this.key = new SecretKeySpec(secret.deriveKey("oauth2-authorization-request"), "AES");
        this.cookieConfig = cookieConfig;
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        if (state == null) {
            return null;
        }
        OAuth2AuthorizationRequest stored = read(request);
        return stored != null && state.equals(stored.getState()) ? stored : null;
    }

    @Override
    public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
                                         HttpServletResponse response) {
        if (authorizationRequest == null) {
            clear(request, response);
            return;
        }
        write(request, response, encrypt(serialize(authorizationRequest)), MAX_AGE);
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request, HttpServletResponse response) {
        OAuth2AuthorizationRequest loaded = loadAuthorizationRequest(request);
        if (loaded != null) {
            clear(request, response);
        }
        return loaded;
    }

    private void clear(HttpServletRequest request, HttpServletResponse response) {
        write(request, response, "", Duration.ZERO);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge) {
        boolean secure = cookieConfig.getSecure() != null ? cookieConfig.getSecure() : request.isSecure();
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(COOKIE, value).httpOnly(true).sameSite("Lax")
                .secure(secure).path("/").maxAge(maxAge).build().toString());
    }

    private OAuth2AuthorizationRequest read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName()) && c.getValue() != null && !c.getValue().isEmpty()) {
                String plain = decrypt(c.getValue());
                return plain == null ? null : deserialize(plain);
            }
        }
        return null;
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

    // ---- AES-GCM -----------------------------------------------------------------------------

    private String encrypt(String plain) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(COOKIE.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the authorization request", e);
        }
    }

    private String decrypt(String value) {
        try {
            byte[] all = Base64.getUrlDecoder().decode(value);
            if (all.length < 12 + 16) {
                return null;
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            c.updateAAD(COOKIE.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return null;
        }
    }
}
