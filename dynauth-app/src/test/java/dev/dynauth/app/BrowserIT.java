package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * End to end in a real headless Chromium (Debian's chromium and chromium-driver), every kind of page of
 * {@code serve} looked at 1280 and 390 px wide ({@link Screens}: fails on a page wider than the screen,
 * screenshots in {@code target/screenshots/serve-*.png}): magic-link sign-in from the development mailbox
 * with the messages a person expects on the way, the account page, signing out another device; a passkey
 * added on the passkeys page with Chrome's virtual authenticator, used to sign in, removed, and then
 * refused on the sign-in page with a message; the sign-out page; a form posted after the session ended.
 */
class BrowserIT {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    @TempDir
    Path dir;

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
            ChromeDriver chrome = chrome();
            Screens screens = new Screens(chrome, "serve-");
            try {
                WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));

                // one sign-in page: the home page is the starter's sign-in page in this server's layout
                chrome.get(base + "/");
                wait.until(ExpectedConditions.urlContains("/api/auth/signin"));
                assertTrue(chrome.findElement(By.className("hint")).getText().contains("development mailbox"));
                screens.look("sign-in");

                // a refused address: the page says so and keeps what was typed
                ((JavascriptExecutor) chrome).executeScript("document.querySelector('form').noValidate = true");
                chrome.findElement(By.name("email")).sendKeys("grace@");
                chrome.findElement(By.id("dynauth-email-signin")).click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[role=alert]")));
                assertTrue(chrome.findElement(By.cssSelector("[role=alert]")).getText().contains("Check the email address"));
                assertEquals("grace@", chrome.findElement(By.name("email")).getAttribute("value"));
                screens.look("sign-in-email-refused");

                // check your email: the address it went to
                chrome.findElement(By.name("email")).clear();
                chrome.findElement(By.name("email")).sendKeys("grace@example.com");
                chrome.findElement(By.id("dynauth-email-signin")).click();
                wait.until(ExpectedConditions.urlContains("/api/auth/verify-request"));
                assertEquals("grace@example.com", chrome.findElement(By.id("dynauth-sent-to")).getText());
                screens.look("check-your-email");

                // the link from the development mailbox
                chrome.get(base + "/dev/mailbox");
                screens.look("mailbox");
                chrome.findElement(By.className("mail-link")).click();
                // serve confirms links: the GET shows "Sign in as ...", the button signs in
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dynauth-confirm")));
                screens.look("confirm-link");
                chrome.findElement(By.id("dynauth-confirm")).click();
                wait.until(ExpectedConditions.urlContains("/account"));
                assertEquals("grace@example.com", chrome.findElement(By.id("email")).getText());
                assertTrue(chrome.findElement(By.id("session-count")).getText().startsWith("1 active session:"));
                String device = chrome.findElement(By.cssSelector("tr.current")).getText();
                assertTrue(device.contains("Chrome on Linux") && device.contains("just now"), device);
                screens.look("account");
                chrome.get(base + "/no-such-page");
                assertTrue(chrome.findElement(By.tagName("h1")).getText().startsWith("404"));
                screens.look("not-found");
                chrome.get(base + "/account");

                // an empty name is said to be removed, not "saved"
                chrome.findElement(By.cssSelector("form[action='/account/name'] button")).click();
                wait.until(ExpectedConditions.urlContains("done=name-cleared"));
                assertTrue(chrome.findElement(By.className("notice")).getText().contains("Your name was removed"));

                // another device signs in, and is signed out from the account page
                ServeJarIT.Browser other = new ServeJarIT.Browser("http://127.0.0.1:" + port);
                other.signIn("grace@example.com");
                assertEquals(200, other.get("/account").statusCode());
                chrome.navigate().refresh();
                assertTrue(chrome.findElement(By.id("session-count")).getText().startsWith("2 active sessions:"));
                screens.look("account-two-sessions");
                chrome.findElement(By.className("revoke")).click();
                wait.until(ExpectedConditions.urlContains("done=session"));
                assertEquals(302, other.get("/account").statusCode(), "the other device is signed out");
                assertTrue(chrome.findElements(By.className("revoke")).isEmpty(), "only this device is left");

                // the passkeys page, in this layout: a name, the list, no jargon
                chrome.get(base + "/webauthn/register");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("label")));
                screens.look("passkeys-none");
                VirtualAuthenticator authenticator = chrome.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
                chrome.findElement(By.id("label")).sendKeys("Work laptop");
                chrome.findElement(By.id("register")).click();
                new WebDriverWait(chrome, Duration.ofSeconds(20)).withMessage(() -> "not added: " + chrome.getPageSource())
                        .until(ExpectedConditions.urlContains("done=added"));
                String list = chrome.findElement(By.className("dynauth-passkeys")).getText();
                assertTrue(list.contains("Work laptop") && list.contains("added just now")
                        && list.contains("not used to sign in yet"), list);
                String text = chrome.findElement(By.tagName("body")).getText();
                assertFalse(text.contains("WebAuthn") || text.contains("Signature Count"), text);
                assertEquals(1, authenticator.getCredentials().size());
                screens.look("passkeys");
                chrome.get(base + "/account");
                assertEquals("You have 1 passkey.", chrome.findElement(By.id("passkey-count")).getText());

                // Auth.js's sign-out page: a confirmation, then "You are signed out"
                chrome.get(base + "/api/auth/signout");
                screens.look("sign-out");
                chrome.findElement(By.id("dynauth-signout")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"),
                        "You are signed out."));
                screens.look("signed-out");

                // sign in with the passkey; it is then "last used just now"
                chrome.get(base + "/api/auth/signin");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dynauth-passkey"))).click();
                wait.until(ExpectedConditions.urlContains("/account"));
                assertEquals("grace@example.com", chrome.findElement(By.id("email")).getText());
                chrome.get(base + "/webauthn/register");
                assertTrue(chrome.findElement(By.className("dynauth-passkeys")).getText().contains("last used just now"));

                // remove it on the page; the device still offers it, and the sign-in page says it is not known
                chrome.findElement(By.className("dynauth-remove")).click();
                wait.until(ExpectedConditions.urlContains("done=removed"));
                assertTrue(chrome.findElement(By.id("dynauth-no-passkeys")).isDisplayed());
                screens.look("passkeys-removed");
                chrome.findElement(By.id("header-signout")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"),
                        "You are signed out."));
                chrome.get(base + "/api/auth/signin");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dynauth-passkey"))).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dynauth-passkey-status"),
                        "not known here"));
                assertTrue(chrome.getCurrentUrl().contains("/api/auth/signin"), "no redirect: " + chrome.getCurrentUrl());
                screens.look("sign-in-passkey-unknown");

                // a prompt the person closes: said on the page too. Headless Chrome has no prompt to close, and a
                // virtual authenticator that refuses consent leaves the request pending, so the browser's answer
                // to a closed prompt (a NotAllowedError) is given in its place.
                chrome.navigate().refresh();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dynauth-passkey")));
                ((JavascriptExecutor) chrome).executeScript("navigator.credentials.get = () => Promise.reject("
                        + "new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'))");
                chrome.findElement(By.id("dynauth-passkey")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dynauth-passkey-status"),
                        "cancelled"));
                assertTrue(chrome.getCurrentUrl().contains("/api/auth/signin"), "no redirect: " + chrome.getCurrentUrl());
                screens.look("sign-in-passkey-cancelled");

                // a form posted after the session ended says so
                chrome.get(base + "/api/auth/signin");
                chrome.findElement(By.name("email")).sendKeys("grace@example.com");
                chrome.findElement(By.id("dynauth-email-signin")).click();
                wait.until(ExpectedConditions.urlContains("/api/auth/verify-request"));
                chrome.get(base + "/dev/mailbox");
                chrome.findElement(By.className("mail-link")).click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dynauth-confirm"))).click();
                wait.until(ExpectedConditions.urlContains("/account"));
                chrome.manage().deleteCookieNamed("authjs.session-token");
                chrome.findElement(By.id("name")).sendKeys("Grace");
                chrome.findElement(By.cssSelector("form[action='/account/name'] button")).click();
                wait.until(ExpectedConditions.urlContains("error=SessionRequired"));
                assertTrue(chrome.findElement(By.cssSelector("[role=alert]")).getText().contains("You were signed out"));
                screens.look("session-ended");

                // error pages
                chrome.get(base + "/api/auth/error?error=Verification");
                screens.look("link-used");

                // the protected page sends a signed-out browser to the sign-in page
                chrome.get(base + "/account");
                wait.until(ExpectedConditions.urlContains("/api/auth/signin"));
            } finally {
                chrome.quit();
            }
            assertTrue(screens.overflows.isEmpty(), "pages wider than the screen: " + screens.overflows);
        }
    }

    private ChromeDriver chrome() throws Exception {
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
