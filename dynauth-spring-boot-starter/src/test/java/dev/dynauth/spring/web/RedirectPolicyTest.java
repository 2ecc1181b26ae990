package dev.dynauth.spring.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The redirect policy alone: every bypass shape ends on the application's own origin, as a path it built. */
class RedirectPolicyTest {

    static final String ORIGIN = "https://app.example.com";

    /** What a browser makes of a Location header on a page of the application. */
    static URI followed(String location) {
        return URI.create(ORIGIN + "/api/auth/callback/email").resolve(location);
    }

    static void assertSameOrigin(String input, String target) {
        assertTrue(target.startsWith("/") && !target.startsWith("//"), input + " -> " + target);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            assertTrue(c > 0x20 && c < 0x7f && c != '\\', input + " -> " + target);
        }
        URI u = followed(target);
        assertEquals("app.example.com", u.getHost(), input + " -> " + target);
        assertEquals("https", u.getScheme(), input + " -> " + target);
        assertNull(u.getRawUserInfo(), input + " -> " + target);
        assertTrue(u.getPort() == -1, input + " -> " + target);
        assertTrue(!target.toLowerCase().contains("evil.com") || target.startsWith("/") && !target.startsWith("//")
                && target.indexOf(':') < 0 || target.contains("?") || target.contains("%"), input + " -> " + target);
    }

    @Test
    void everyBypassShapeStaysOnTheOrigin() {
        List<String> shapes = RedirectBypassShapes.all();
        assertTrue(shapes.size() >= 60, "at least 60 shapes: " + shapes.size());
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(PublicUrl.ATTRIBUTE, PublicUrl.of(ORIGIN, false));
        for (String shape : shapes) {
            String target = RedirectPolicy.safeTarget(request, shape, "/");
            assertSameOrigin(shape, target);
            String withoutOrigin = RedirectPolicy.safeTarget(new MockHttpServletRequest(), shape, "/");
            assertSameOrigin(shape, withoutOrigin);
        }
    }

    @Test
    void theDefectOfIssue8IsGone() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        assertEquals("/", RedirectPolicy.safeTarget(request, "///evil.com", "/"));
        assertEquals("/", RedirectPolicy.safeTarget(request, "///evil.com/%2e%2e", "/"));
        assertEquals("/", RedirectPolicy.safeTarget(request, "///evil.com?x=1#y", "/"));
    }

    @Test
    void legitimateTargetsAreKeptNormalised() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(PublicUrl.ATTRIBUTE, PublicUrl.of(ORIGIN, false));
        assertEquals("/account", RedirectPolicy.safeTarget(request, "/account", "/"));
        assertEquals("/a/b?x=1&y=%2F#top", RedirectPolicy.safeTarget(request, "/a/b?x=1&y=%2F#top", "/"));
        assertEquals("/a/c", RedirectPolicy.safeTarget(request, "/a/./b/../c", "/"));
        assertEquals("/docs/", RedirectPolicy.safeTarget(request, "/docs/", "/"));
        assertEquals("/caf%C3%A9", RedirectPolicy.safeTarget(request, "/caf%c3%a9", "/"));
        assertEquals("/me?q=%22x%22", RedirectPolicy.safeTarget(request, "/me?q=\"x\"", "/"));
        assertEquals("/me", RedirectPolicy.safeTarget(request, ORIGIN + "/me", "/"));
        assertEquals("/?x=1", RedirectPolicy.safeTarget(request, ORIGIN + "?x=1", "/"));
        assertEquals("/", RedirectPolicy.safeTarget(request, ORIGIN, "/"));
        assertEquals("/x", RedirectPolicy.safeTarget(request, "HTTPS://APP.EXAMPLE.COM/x", "/"));
        // another origin, even a look-alike or another port of the same host, is the fallback
        assertEquals("/", RedirectPolicy.safeTarget(request, "https://app.example.com.evil.com/x", "/"));
        assertEquals("/", RedirectPolicy.safeTarget(request, "https://app.example.com:8443/x", "/"));
        assertEquals("/", RedirectPolicy.safeTarget(request, "http://app.example.com/x", "/"));
        assertEquals("/", RedirectPolicy.safeTarget(request, "https://app.example.com@evil.com/x", "/"));
        // without a known origin only paths are accepted
        assertEquals("/", RedirectPolicy.safeTarget(new MockHttpServletRequest(), "http://localhost/me", "/"));
    }
}
