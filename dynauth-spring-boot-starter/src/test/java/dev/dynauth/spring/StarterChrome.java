package dev.dynauth.spring;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The starter's browser tests' Chromium (Debian's chromium and chromium-driver, headless) and their look at a page:
 * 1280 and 390 px wide, a page wider than the screen recorded, a screenshot of each width in
 * {@code target/screenshots/starter-<name>-<width>.png} for a person to open.
 */
final class StarterChrome {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private StarterChrome() {}

    /** CI must have the browser; elsewhere a test without it is skipped, saying what to install. */
    static void assumeInstalled() {
        boolean present = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("CI must install Debian's chromium and chromium-driver for the browser tests");
        }
        Assumptions.assumeTrue(present, "apt-get install chromium chromium-driver to run the browser tests");
    }

    static ChromeDriver start(Path dir) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Looks at the current page at both widths; {@code overflows} gets "name at width px" for a page too wide. */
    static void look(ChromeDriver chrome, String name, List<String> overflows) throws Exception {
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        for (int width : new int[] {1280, 390}) {
            chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900,
                    "deviceScaleFactor", 1, "mobile", width < 600));
            Object wide = chrome.executeScript("return document.documentElement.scrollWidth > "
                    + "document.documentElement.clientWidth");
            if (Boolean.TRUE.equals(wide)) {
                overflows.add(name + " at " + width + " px");
            }
            Files.write(shots.resolve("starter-" + name + "-" + width + ".png"),
                    ((TakesScreenshot) chrome).getScreenshotAs(OutputType.BYTES));
        }
        chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
}
