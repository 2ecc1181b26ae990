package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.app.TestApp;
import dev.dynauth.spring.reactive.ReactiveAppTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The reactive application's pages in a real headless Chromium: a magic-link sign-in typed into the sign-in page,
 * the check-your-email page, the link, the sign-out confirmation and the error page, each looked at 1280 and 390 px
 * wide ({@code target/screenshots/starter-reactive-*.png}, beside the servlet side's {@code starter-*.png}).
 */
@ReactiveAppTest
class ReactivePagesBrowserTest {

    @LocalServerPort int port;
    @Autowired TestApp.CapturingSender sender;
    @TempDir Path dir;

    private final List<String> overflows = new ArrayList<>();

    @Test
    void signInWithAMagicLinkAndSignOutInTheBrowser() throws Exception {
        StarterChrome.assumeInstalled();
        String base = "http://localhost:" + port;
        ChromeDriver chrome = StarterChrome.start(dir);
        try {
            WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
            chrome.get(base + "/api/auth/signin?callbackUrl=%2Fme");
            look(chrome, "sign-in");
            int links = sender.links.size();
            chrome.findElement(By.name("email")).sendKeys("Browser.User@Example.com");
            chrome.findElement(By.id("dynauth-email-signin")).click();
            wait.until(ExpectedConditions.urlContains("/api/auth/verify-request"));
            assertTrue(chrome.findElement(By.id("dynauth-sent-to")).getText().equals("browser.user@example.com"));
            look(chrome, "check-your-email");
            wait.until(d -> sender.links.size() > links);
            chrome.get(sender.last().url());
            wait.until(ExpectedConditions.urlToBe(base + "/me"));
            assertTrue(chrome.getPageSource().contains(" browser.user@example.com"), chrome.getPageSource());
            chrome.get(base + "/api/auth/signout");
            look(chrome, "sign-out");
            chrome.findElement(By.id("dynauth-signout")).click();
            wait.until(d -> d.getPageSource().contains("You are signed out."));
            look(chrome, "signed-out");
            chrome.get(base + "/api/auth/error?error=Verification");
            look(chrome, "error");
        } finally {
            chrome.quit();
        }
        assertTrue(overflows.isEmpty(), "pages wider than the screen: " + overflows);
    }

    private void look(ChromeDriver chrome, String name) throws Exception {
        StarterChrome.look(chrome, "reactive-" + name, overflows);
    }
}
