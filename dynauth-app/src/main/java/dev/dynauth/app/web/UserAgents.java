package dev.dynauth.app.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser's {@code User-Agent} header in a few words a person recognises: "Chrome on Linux". */
final class UserAgents {
    private UserAgents() {}

    private static final Pattern PRODUCT = Pattern.compile("^([A-Za-z][\\w.-]{0,40})");

    static String describe(Object header) {
        if (!(header instanceof String ua) || ua.isBlank()) {
            return "Unknown browser";
        }
        String browser = browser(ua);
        String system = system(ua);
        if (browser == null) {
            Matcher m = PRODUCT.matcher(ua.strip());
            return m.find() ? m.group(1) : "Unknown browser";
        }
        return system == null ? browser : browser + " on " + system;
    }

    /** Order matters: Edge and Opera also say Chrome, Chrome also says Safari. */
    private static String browser(String ua) {
        if (ua.contains("Edg/") || ua.contains("Edge/")) return "Edge";
        if (ua.contains("OPR/") || ua.contains("Opera")) return "Opera";
        if (ua.contains("Firefox/") || ua.contains("FxiOS/")) return "Firefox";
        if (ua.contains("SamsungBrowser/")) return "Samsung Internet";
        if (ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/")) return "Chrome";
        if (ua.contains("Safari/") && ua.contains("Version/")) return "Safari";
        if (ua.startsWith("curl/")) return "curl";
        return null;
    }

    private static String system(String ua) {
        if (ua.contains("iPhone")) return "iPhone";
        if (ua.contains("iPad")) return "iPad";
        if (ua.contains("Android")) return "Android";
        if (ua.contains("Windows")) return "Windows";
        if (ua.contains("Mac OS X") || ua.contains("Macintosh")) return "macOS";
        if (ua.contains("CrOS")) return "ChromeOS";
        if (ua.contains("Linux")) return "Linux";
        return null;
    }
}
