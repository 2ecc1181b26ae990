package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * End to end in a real headless Chromium (Debian's chromium and chromium-driver): magic-link sign-in
 * from the development mailbox, the account page, signing out another device, signing out; a passkey
 * registered with Chrome's virtual authenticator, then used to sign in.
 */
class BrowserIT {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    @TempDir
    Path dir;

    /** The page at 1280 and 390 px wide, into target/screenshots/, to be looked at. */
    static void screenshots(WebDriver chrome, String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        org.openqa.selenium.Dimension before = chrome.manage().window().getSize();
        for (int width : new int[] {1280, 390}) {
            chrome.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
            byte[] png = ((org.openqa.selenium.TakesScreenshot) chrome).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(out.resolve(name + "-" + width + ".png"), png);
        }
        chrome.manage().window().setSize(before);
    }

    @Test
    void signInWithAMagicLinkAndAPasskey() throws Exception {
        boolean present = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("CI must install Debian's chromium and chromium-driver for the browser tests");
        }
        Assumptions.assumeTrue(present, "apt-get install chromium chromium-driver to run the browser tests");

        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ServeJarIT.Running app = new ServeJarIT.Running(dir, "serve", "--in-memory", "--port", Integer.toString(port))) {
            app.await(ServeJarIT.SERVING, Duration.ofSeconds(120));
            String base = "http://localhost:" + port;
            WebDriver chrome = chrome();
            try {
                WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));

                // magic link from the development mailbox
                chrome.get(base + "/");
                chrome.findElement(By.name("email")).sendKeys("grace@example.com");
                chrome.findElement(By.id("email-signin")).click();
                wait.until(ExpectedConditions.urlContains("/api/auth/verify-request"));
                chrome.get(base + "/dev/mailbox");
                screenshots(chrome, "dev-mailbox");
                chrome.findElement(By.className("mail-link")).click();
                // serve confirms links: the GET shows "Sign in as ...", the button signs in
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dynauth-confirm")));
                screenshots(chrome, "confirm-link");
                chrome.findElement(By.id("dynauth-confirm")).click();
                wait.until(ExpectedConditions.urlContains("/account"));
                assertEquals("grace@example.com", chrome.findElement(By.id("email")).getText());

                // another device signs in, and is signed out from the account page
                ServeJarIT.Browser other = new ServeJarIT.Browser("http://127.0.0.1:" + port);
                other.signIn("grace@example.com");
                assertEquals(200, other.get("/account").statusCode());
                chrome.navigate().refresh();
                chrome.findElement(By.className("revoke")).click();
                wait.until(ExpectedConditions.urlContains("done=session"));
                assertEquals(302, other.get("/account").statusCode(), "the other device is signed out");
                assertTrue(chrome.findElements(By.className("revoke")).isEmpty(), "only this device is left");

                // register a passkey with the virtual authenticator
                VirtualAuthenticator authenticator = ((HasVirtualAuthenticator) chrome).addVirtualAuthenticator(
                        new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
                chrome.get(base + "/webauthn/register");
                new WebDriverWait(chrome, Duration.ofSeconds(20)).withMessage(() -> "no registration form at " + chrome.getCurrentUrl() + ":\n" + chrome.getPageSource())
                        .until(d -> !d.findElements(By.id("label")).isEmpty());
                chrome.findElement(By.id("label")).sendKeys("laptop");
                chrome.findElement(By.id("register")).click();
                wait.until(d -> d.findElement(By.id("success")).isDisplayed());
                chrome.get(base + "/account");
                assertTrue(chrome.getPageSource().contains("multiDevice") || chrome.getPageSource().contains("singleDevice"),
                        "the passkey is listed: " + chrome.getPageSource());
                assertEquals(1, authenticator.getCredentials().size());

                // sign out, then sign in with the passkey
                chrome.findElement(By.id("signout")).click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("passkey-signin")));
                chrome.findElement(By.id("passkey-signin")).click();
                wait.until(ExpectedConditions.urlContains("/account"));
                assertEquals("grace@example.com", chrome.findElement(By.id("email")).getText());

                // sign out for good
                chrome.findElement(By.id("signout")).click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("email-signin")));
                chrome.get(base + "/account");
                wait.until(ExpectedConditions.urlContains("/api/auth/signin"));
            } finally {
                chrome.quit();
            }
        }
    }

    private WebDriver chrome() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
