package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.reactive.ReactiveTestApp;
import dev.dynauth.testkit.HttpBrowser;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@link SignInWithoutMailTest}'s rule on WebFlux, now that both stacks build their endpoints from the one
 * {@code EndpointOptions}: with no mail sender and {@code dynauth.email.log-links=false} the sign-in page offers no
 * email form, and a posted address is a 4xx, never {@code error=Configuration} (the reactive side used to offer the
 * form and answer the post with the Configuration error).
 */
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {ReactiveTestApp.REACTIVE, "server.address=127.0.0.1", "dynauth.table-name=no-mail-reactive",
                "test.capturing-sender=false", "dynauth.email.log-links=false"})
class ReactiveSignInWithoutMailTest {

    @LocalServerPort int port;

    @Test
    void theSignInPageOffersNoEmailSignInAndAPostedAddressIsRefusedPlainly() throws Exception {
        HttpBrowser browser = new HttpBrowser("http://127.0.0.1:" + port);
        HttpResponse<String> page = browser.get("/api/auth/signin");
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains("dynauth-email-signin") || page.body().contains("name=\"email\""), page.body());

        // a form from elsewhere (an old page, an application's own) still posts an address, with a valid CSRF token
        HttpResponse<String> csrf = browser.get("/api/auth/csrf", "application/json");
        String token = csrf.body().replaceAll("^\\{\"csrfToken\":\"([^\"]+)\"}$", "$1");
        assertFalse(token.isEmpty() || token.equals(csrf.body()), csrf.body());
        HttpResponse<String> posted = browser.post("/api/auth/signin/email", Map.of("email", "ada@example.com",
                "_csrf", token));
        int status = posted.statusCode();
        String location = posted.headers().firstValue("Location").orElse("");
        assertTrue(status >= 400 && status < 500, "status " + status + " " + location);
        assertFalse(location.contains("Configuration"), location);
    }
}
