package dev.dynauth.spring.session;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.spring.web.RedirectPolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.Cookie;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The session cookie's names and attributes, and the same-origin rule for callback URLs. */
class CookieAndRedirectRulesTest {

    private static MockHttpServletRequest request(boolean secure, Cookie... cookies) {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", "/x");
        r.setSecure(secure);
        r.setScheme(secure ? "https" : "http");
        r.setServerName("app.example.com");
        r.setServerPort(secure ? 443 : 80);
        if (cookies.length > 0) {
            r.setCookies(cookies);
        }
        return r;
    }

    @Test
    void namesFollowTheSchemeAndLegacyNamesAreOptIn() {
        DynauthProperties.Cookie config = new DynauthProperties.Cookie();
        SessionCookies cookies = new SessionCookies(config);
        assertEquals("authjs.session-token", cookies.name(request(false)));
        assertEquals("__Secure-authjs.session-token", cookies.name(request(true)));
        assertEquals("t1", cookies.read(request(true, new Cookie("__Secure-authjs.session-token", "t1"))));
        assertEquals("t2", cookies.read(request(false, new Cookie("authjs.session-token", "t2"))));
        assertNull(cookies.read(request(false, new Cookie("next-auth.session-token", "v4"))));
        assertNull(cookies.read(request(true, new Cookie("__Secure-next-auth.session-token", "v4"))));

        config.setAcceptLegacyNames(true);
        assertEquals("v4", cookies.read(request(false, new Cookie("next-auth.session-token", "v4"))));
        assertEquals("v4s", cookies.read(request(true, new Cookie("__Secure-next-auth.session-token", "v4s"))));
        // the current name wins over a legacy one
        assertEquals("new", cookies.read(request(true, new Cookie("__Secure-next-auth.session-token", "old"),
                new Cookie("__Secure-authjs.session-token", "new"))));
    }

    @Test
    void secureFlagCanBeForcedAndDomainSet() {
        DynauthProperties.Cookie config = new DynauthProperties.Cookie();
        config.setSecure(true);
        config.setDomain("example.com");
        config.setName("custom.session");
        SessionCookies cookies = new SessionCookies(config);
        MockHttpServletResponse response = new MockHttpServletResponse();
        cookies.write(request(false), response, "tok", Duration.ofDays(30));
        String h = response.getHeader(HttpHeaders.SET_COOKIE);
        assertTrue(h.startsWith("__Secure-custom.session=tok;"), h);
        for (String attr : new String[] {"Secure", "HttpOnly", "SameSite=Lax", "Path=/", "Domain=example.com",
                "Max-Age=2592000"}) {
            assertTrue(h.contains(attr), attr + " in " + h);
        }
    }

    @Test
    void callbackUrlsStayOnTheSameOrigin() {
        MockHttpServletRequest r = request(true);
        r.setAttribute(PublicUrl.ATTRIBUTE, PublicUrl.of("https://app.example.com", false));
        assertEquals("/dashboard?x=1", RedirectPolicy.safeTarget(r, "/dashboard?x=1", "/"));
        assertEquals("/a", RedirectPolicy.safeTarget(r, "https://app.example.com/a", "/"));
        assertEquals("/a", RedirectPolicy.safeTarget(r, "https://APP.example.com:443/a", "/"));
        for (String evil : new String[] {"https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil",
                "http://app.example.com/a", "https://app.example.com:8443/a", "https://app.example.com.evil.example/",
                "https://user@evil.example/", "javascript:alert(1)", "data:text/html,x", "dashboard", "/%0d%0aSet-Cookie:x",
                " /\t/evil.example", "https:evil.example", null, ""}) {
            String target = RedirectPolicy.safeTarget(r, evil, "/");
            assertTrue(target.equals("/") || target.startsWith("/%0d"), evil + " -> " + target);
        }
    }
}
