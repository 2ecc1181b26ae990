package dev.dynauth.spring.web;

import dev.dynauth.spring.DynauthProperties;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * Short-lived state kept in an encrypted, authenticated cookie (AES-256-GCM, key derived from the
 * dynauth secret, the cookie name bound as associated data) instead of an HttpSession, so the next
 * request may reach any instance.
 */
public final class CookieSealer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final SecretKeySpec key;
    private final Cookies cookies;

    public CookieSealer(String name, DynauthSecret secret, DynauthProperties.Cookie config) {
        this.name = name;
        this.key = new SecretKeySpec(secret.deriveKey("cookie:" + name), "AES");
        this.cookies = new Cookies(config, null);
    }

    public String name() {
        return name;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, String plain, Duration maxAge) {
        set(request, response, seal(plain), maxAge);
    }

    public void clear(HttpServletRequest request, HttpServletResponse response) {
        set(request, response, "", Duration.ZERO);
    }

    /** The plain text of the request's cookie, or null when absent or not sealed by this secret. */
    public String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName()) && c.getValue() != null && !c.getValue().isEmpty()) {
                return open(c.getValue());
            }
        }
        return null;
    }

    private void set(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookies.cookie(request, name, value, maxAge).build().toString());
    }

    public String seal(String plain) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a cookie", e);
        }
    }

    public String open(String value) {
        try {
            byte[] all = Base64.getUrlDecoder().decode(value);
            if (all.length < 12 + 16) {
                return null;
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return null;
        }
    }
}
