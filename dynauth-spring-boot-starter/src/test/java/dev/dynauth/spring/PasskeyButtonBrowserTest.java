package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.app.TestApp;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sign-in page's passkey button in a real headless Chromium (Debian's chromium and chromium-driver) with
 * Chrome's virtual authenticator: a passkey added on the starter's passkeys page, then used from the starter's
 * sign-in page, whose script brings the user back to the page they asked for. The starter's pages are looked at
 * 1280 and 390 px wide on the way.
 */
@DynauthAppTest(webEnvironment = WebEnvironment.DEFINED_PORT)
class PasskeyButtonBrowserTest {

    static int port;

    @DynamicPropertySource
    static void passkeys(DynamicPropertyRegistry registry) throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        registry.add("server.port", () -> port);
        registry.add("dynauth.passkeys.enabled", () -> "true");
        registry.add("dynauth.passkeys.rp-id", () -> "localhost");
        registry.add("dynauth.passkeys.allowed-origins", () -> "http://localhost:" + port);
    }

    @TempDir Path dir;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;

    @Test
    void signInWithThePasskeyButton() throws Exception {
        StarterChrome.assumeInstalled();

        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        String session = UUID.randomUUID().toString();
        adapter.createSession(new AdapterSession(session, user.id(), clock.instant().plus(Duration.ofDays(30))));
        String base = "http://localhost:" + port;

        ChromeDriver chrome = chrome();
        try {
            WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
            ((HasVirtualAuthenticator) chrome).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                    .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                    .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                    .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));

            // signed in (an Auth.js session), register a passkey on Spring Security's page
            chrome.get(base + "/public/hello");
            chrome.manage().addCookie(new Cookie("authjs.session-token", session, "localhost", "/", null));
            chrome.get(base + "/webauthn/register");
            new WebDriverWait(chrome, Duration.ofSeconds(20)).withMessage(() -> "no registration form at "
                            + chrome.getCurrentUrl() + ":\n" + chrome.getPageSource())
                    .until(d -> !d.findElements(By.id("label")).isEmpty());
            look(chrome, "passkeys-none");
            chrome.findElement(By.id("label")).sendKeys("laptop");
            chrome.findElement(By.id("register")).click();
            wait.until(ExpectedConditions.urlContains("done=added"));
            assertEquals(1, adapter.listAuthenticatorsByUserId(user.id()).size(), "stored as an Auth.js authenticator");
            assertTrue(chrome.findElement(By.className("dynauth-passkeys")).getText().contains("laptop"));
            look(chrome, "passkeys");
            chrome.get(base + "/api/auth/signout");
            look(chrome, "sign-out");

            // signed out, a protected page sends the browser to the sign-in page, and the button signs in
            chrome.manage().deleteAllCookies();
            chrome.get(base + "/me");
            wait.until(ExpectedConditions.urlContains("/api/auth/signin"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dynauth-passkey")));
            look(chrome, "sign-in");
            chrome.findElement(By.id("dynauth-passkey")).click();
            wait.until(ExpectedConditions.urlToBe(base + "/me"));
            assertTrue(chrome.getPageSource().contains(user.id() + " " + user.email()), chrome.getPageSource());
            Cookie cookie = chrome.manage().getCookieNamed("authjs.session-token");
            assertTrue(cookie != null && cookie.isHttpOnly(), "an Auth.js session cookie");
            assertFalse(cookie.getValue().equals(session), "a new session");
            assertEquals(user.id(), adapter.getSessionAndUser(cookie.getValue()).orElseThrow().user().id());
            chrome.get(base + "/api/auth/verify-request");
            look(chrome, "check-your-email");
            chrome.get(base + "/api/auth/error?error=Verification");
            look(chrome, "error");
        } finally {
            chrome.quit();
        }
        assertTrue(overflows.isEmpty(), "pages wider than the screen: " + overflows);
    }

    private final java.util.List<String> overflows = new java.util.ArrayList<>();

    private void look(ChromeDriver chrome, String name) throws Exception {
        StarterChrome.look(chrome, name, overflows);
    }

    private ChromeDriver chrome() throws Exception {
        return StarterChrome.start(dir);
    }
}
