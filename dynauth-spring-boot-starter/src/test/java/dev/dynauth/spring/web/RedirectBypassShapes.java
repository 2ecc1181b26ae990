package dev.dynauth.spring.web;

import java.util.ArrayList;
import java.util.List;

/** Known open-redirect bypass shapes: each must end on this application's origin, whatever it becomes. */
public final class RedirectBypassShapes {
    private RedirectBypassShapes() {}

    public static final String EVIL = "evil.com";

    public static List<String> all() {
        List<String> s = new ArrayList<>(List.of(
                "///evil.com", "///evil.com/%2e%2e", "///evil.com?x=1#y", "////evil.com", "/////evil.com/",
                "//evil.com", "//evil.com/", "//evil.com/%2f..", "\\\\evil.com", "\\/evil.com", "/\\evil.com",
                "/\\/evil.com", "\\evil.com", "/%5cevil.com", "/%5c%5cevil.com", "%5c%5cevil.com", "/%2fevil.com",
                "/%2f%2fevil.com", "%2f%2fevil.com", "%2F%2Fevil.com", "/%2F/evil.com", "/.//evil.com", "/./evil.com/..//",
                "/..//evil.com", "/../..//evil.com", "/.%2f/evil.com", "/%2e%2e//evil.com", "/%2e/%2fevil.com",
                "/\t/evil.com", "/\n/evil.com", "/\r/evil.com", "\t//evil.com", " //evil.com", "/ /evil.com",
                "/%09/evil.com", "/%0a/evil.com", "/%0d/evil.com", "/%00/evil.com", "//evil.com@127.0.0.1",
                "https://evil.com", "http://evil.com", "HTTPS://EVIL.COM", "https:evil.com", "http:/evil.com",
                "http:\\\\evil.com", "https://127.0.0.1@evil.com", "https://user:pass@evil.com/",
                "http://localhost@evil.com", "http://localhost.evil.com/", "http://localhost:80@evil.com",
                "http://evil.com#@localhost", "http://evil.com?@localhost", "//evil%E3%80%82com", "//evil。com",
                "//evil．com", "/／evil.com", "／／evil.com", "//ｅｖｉｌ.com", "//xn--vil-8la.com", "//évil.com",
                "javascript:alert(1)", "JavaScript:alert(document.domain)", "javascript://%0aalert(1)",
                "jav\tascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)",
                "//evil.com:443", "//evil.com:80/", "//[::1]@evil.com", "//0x7f.0.0.1", "///\\evil.com", "/\\\\evil.com",
                "/%5C/evil.com", "/%255c/evil.com", "/%252f/evil.com", "%00//evil.com", "/\u0000/evil.com",
                "/\u2028/evil.com", "/\u3000/evil.com", "//evil.com\\@localhost", "evil.com", "@evil.com",
                "./evil.com", "../evil.com", "?//evil.com", "#//evil.com", "/;/evil.com", "/%3b/evil.com",
                "/..;/..;//evil.com", "/%c0%af/evil.com", "/%C0%AF%C0%AFevil.com", "/%uFFFF", "/%zz//evil.com",
                "/" + "a".repeat(5000), "//" + "evil.com/".repeat(300)));
        return s;
    }
}
