package dev.dynauth.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Looks at the page in the browser at a desktop and a phone width: a page wider than the screen (the
 * document scrolls sideways) is recorded as a failure, and a full-page screenshot of each width goes to
 * {@code target/screenshots/<name>-<width>.png} for a person to look at.
 */
final class Screens {
    static final int[] WIDTHS = {1280, 390};
    static final Path DIR = Path.of("target", "screenshots");

    private final ChromeDriver chrome;
    private final String prefix;
    final List<String> overflows = new ArrayList<>();
    final List<String> taken = new ArrayList<>();

    Screens(ChromeDriver chrome, String prefix) throws Exception {
        this.chrome = chrome;
        this.prefix = prefix;
        Files.createDirectories(DIR);
    }

    /** Checks and photographs the current page at both widths, then leaves the browser at the desktop width. */
    void look(String name) throws Exception {
        for (int width : WIDTHS) {
            width(width);
            long scroll = ((Number) ((JavascriptExecutor) chrome).executeScript(
                    "return document.documentElement.scrollWidth")).longValue();
            long client = ((Number) ((JavascriptExecutor) chrome).executeScript(
                    "return document.documentElement.clientWidth")).longValue();
            if (scroll > client) {
                overflows.add(name + " at " + width + " px: the page is " + scroll + " px wide for " + client + " px");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = (Map<String, Object>) chrome.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            double height = Math.min(6000, Math.max(200, ((Number) size.get("height")).doubleValue()));
            Map<String, Object> shot = chrome.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            Path file = DIR.resolve(prefix + name + "-" + width + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            taken.add(file.toString());
        }
        width(WIDTHS[0]);
    }

    private void width(int width) {
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900,
                "deviceScaleFactor", 1, "mobile", width < 600));
    }
}
