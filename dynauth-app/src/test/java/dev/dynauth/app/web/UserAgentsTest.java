package dev.dynauth.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The browser of a session in a few words. */
class UserAgentsTest {
    @Test
    void commonBrowsers() {
        assertEquals("Chrome on Linux", UserAgents.describe("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"));
        assertEquals("Edge on Windows", UserAgents.describe("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"));
        assertEquals("Safari on iPhone", UserAgents.describe("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
                + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"));
        assertEquals("Firefox on macOS", UserAgents.describe("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) "
                + "Gecko/20100101 Firefox/128.0"));
        assertEquals("Chrome on Android", UserAgents.describe("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"));
    }

    @Test
    void programsAndNothing() {
        assertEquals("Java-http-client", UserAgents.describe("Java-http-client/17.0.15"));
        assertEquals("curl", UserAgents.describe("curl/8.5.0"));
        assertEquals("Unknown browser", UserAgents.describe(null));
        assertEquals("Unknown browser", UserAgents.describe("   "));
        assertEquals("Unknown browser", UserAgents.describe("<script>"));
        assertEquals("Unknown browser", UserAgents.describe(42));
    }
}
