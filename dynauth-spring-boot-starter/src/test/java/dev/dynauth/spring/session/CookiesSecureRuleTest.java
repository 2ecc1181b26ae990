package dev.dynauth.spring.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.CookieSealer;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.DynauthRequestCache;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.spring.web.PublicUrl;
import dev.dynauth.spring.ui.SignInPages;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Every cookie dynauth sets is Secure by one rule ({@link Cookies#secure}): {@code dynauth.cookie.secure} when set,
 * else an https public URL (behind a TLS proxy the request is plain http), else the request's scheme. The
 * check-your-email address cookie used to follow the request's scheme alone.
 */
class CookiesSecureRuleTest {

    private static final DynauthSecret SECRET = new DynauthSecret("0123456789abcdef0123456789abcdef", false);

    /** Sets each kind of cookie on a plain-http request carrying the given rules; the Set-Cookie headers. */
    private static List<String> everyCookie(Cookies rules) {
        List<BiConsumer<MockHttpServletRequest, MockHttpServletResponse>> writers = List.of(
                (rq, rs) -> new SessionCookies(rules).write(rq, rs, "token", Duration.ofDays(1)),
                (rq, rs) -> SignInPages.rememberAddress(rq, rs, "ada@example.com"),
                (rq, rs) -> new DynauthRequestCache().saveRequest(rq, rs));
        return writers.stream().map(w -> {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/private");
            request.setAttribute(Cookies.ATTRIBUTE, rules);
            MockHttpServletResponse response = new MockHttpServletResponse();
            w.accept(request, response);
            assertEquals(1, response.getHeaders("Set-Cookie").size(), response.getHeaders("Set-Cookie").toString());
            return response.getHeader("Set-Cookie");
        }).toList();
    }

    @Test
    void theSecureSettingMakesEveryCookieSecureOnPlainHttp() {
        DynauthProperties.Cookie config = new DynauthProperties.Cookie();
        config.setSecure(true);
        for (String cookie : everyCookie(new Cookies(config, null))) {
            assertTrue(cookie.contains("; Secure"), cookie);
        }
    }

    @Test
    void anHttpsPublicUrlMakesEveryCookieSecureBehindATlsProxy() {
        Cookies rules = new Cookies(new DynauthProperties.Cookie(), PublicUrl.of("https://app.example.com", false));
        for (String cookie : everyCookie(rules)) {
            assertTrue(cookie.contains("; Secure"), cookie);
        }
        assertEquals(java.util.Optional.of(true), rules.fixedSecure());
    }

    @Test
    void withoutEitherTheRequestsSchemeDecides() {
        Cookies rules = new Cookies(new DynauthProperties.Cookie(), null);
        for (String cookie : everyCookie(rules)) {
            assertFalse(cookie.contains("Secure"), cookie);
        }
        assertTrue(rules.fixedSecure().isEmpty());
        MockHttpServletRequest https = new MockHttpServletRequest("GET", "/");
        https.setSecure(true);
        assertTrue(rules.secure(https));
    }

    @Test
    void sealedStateCookiesFollowTheSecureSettingToo() {
        DynauthProperties.Cookie config = new DynauthProperties.Cookie();
        config.setSecure(true);
        MockHttpServletResponse response = new MockHttpServletResponse();
        new CookieSealer(Cookies.OAUTH2_REQUEST, SECRET, config).write(new MockHttpServletRequest(), response, "state",
                Duration.ofMinutes(5));
        assertTrue(response.getHeader("Set-Cookie").contains("; Secure"), response.getHeader("Set-Cookie"));
    }
}
