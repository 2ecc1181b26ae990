package dev.dynauth.spring.ui;

import dev.dynauth.spring.web.AuthPaths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The check-your-email page's words: the address (from its cookie, escaped) and, in development, the log. */
class SignInPagesTest {

    private static MockHttpServletRequest withAddress(String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", AuthPaths.VERIFY_REQUEST);
        request.setCookies(new Cookie(SignInPages.ADDRESS_COOKIE,
                Base64.getUrlEncoder().withoutPadding().encodeToString(address.getBytes(StandardCharsets.UTF_8))));
        return request;
    }

    @Test
    void namesTheAddressAndWhereTheLinkIsWhenLinksAreLogged() {
        String html = SignInPages.verifyRequest(withAddress("ada@example.com"), true);
        assertTrue(html.contains("sent to <b id=\"dynauth-sent-to\">ada@example.com</b>"), html);
        assertTrue(html.contains("The link is in the application's log"), html);
        assertFalse(SignInPages.verifyRequest(withAddress("ada@example.com"), false).contains("log"));
    }

    @Test
    void anAddressIsEscapedAndAGarbledCookieIgnored() {
        assertTrue(SignInPages.verifyRequest(withAddress("<b>@example.com"), false).contains("&lt;b&gt;@example.com"));
        MockHttpServletRequest garbled = new MockHttpServletRequest("GET", AuthPaths.VERIFY_REQUEST);
        garbled.setCookies(new Cookie(SignInPages.ADDRESS_COOKIE, "%%%"));
        assertTrue(SignInPages.verifyRequest(garbled, false).contains("sent to your email address."));
    }

    @Test
    void theCookieIsForThatPageOnlyAndShortLived() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", AuthPaths.SIGNIN_EMAIL);
        request.setContextPath("/app");
        MockHttpServletResponse response = new MockHttpServletResponse();
        SignInPages.rememberAddress(request, response, "ada@example.com");
        Cookie c = response.getCookie(SignInPages.ADDRESS_COOKIE);
        assertEquals("/app" + AuthPaths.VERIFY_REQUEST, c.getPath());
        assertEquals(15 * 60, c.getMaxAge());
        assertTrue(c.isHttpOnly());
        assertEquals("Lax", c.getAttribute("SameSite"));
    }
}
