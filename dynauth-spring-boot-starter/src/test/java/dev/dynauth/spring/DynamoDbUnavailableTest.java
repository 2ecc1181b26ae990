package dev.dynauth.spring;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.dynamodb.DynauthHealthIndicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Issue 8, defect 7: DynamoDB unreachable (nothing listens on the endpoint). Every request path answers within
 * the bounded SDK timeouts with the styled 503 "temporarily unavailable" page, never blaming the user's input, and
 * the health check says DOWN without the SDK's error text.
 */
@DynauthAppTest(properties = {"dynauth.dynamodb.mode=aws",
        "dynauth.dynamodb.endpoint=http://127.0.0.1:9", "dynauth.dynamodb.region=eu-west-1",
        "dynauth.dynamodb.api-call-timeout=2s", "dynauth.dynamodb.api-call-attempt-timeout=500ms",
        "dynauth.create-table-if-missing=false", "dynauth.url=http://localhost", "NEXT_AUTH_AWS_ACCESS_KEY=x",
        "NEXT_AUTH_AWS_SECRET_KEY=y"})
class DynamoDbUnavailableTest {

    @Autowired MockMvc mvc;
    @Autowired DynauthHealthIndicator health;

    private static void assertUnavailablePage(MvcResult r) throws Exception {
        assertEquals(503, r.getResponse().getStatus());
        String html = r.getResponse().getContentAsString();
        assertTrue(html.contains("Temporarily unavailable") && html.contains("Nothing is wrong with what you entered"), html);
        for (String internal : new String[] {"Exception", "software.amazon", "127.0.0.1:9", "\tat "}) {
            assertFalse(html.contains(internal), html);
        }
    }

    @Test
    void aProtectedPageWithASessionCookieIsA503WithinTheTimeout() throws Exception {
        Browser b = new Browser(mvc);
        b.cookies.put("authjs.session-token", UUID.randomUUID().toString());
        long start = System.nanoTime();
        assertUnavailablePage(b.get("http://localhost/me"));
        assertTrue(System.nanoTime() - start < 15_000_000_000L, "bounded by the SDK's call timeout");
        MvcResult session = b.get("http://localhost/api/auth/session");
        assertEquals(503, session.getResponse().getStatus());
        assertEquals("{\"error\":\"Unavailable\"}", session.getResponse().getContentAsString());
    }

    @Test
    void aLinkRequestIsNotBlamedOnTheAddress() throws Exception {
        Browser b = new Browser(mvc);
        MvcResult page = b.get("http://localhost/api/auth/signin");
        MvcResult sent = b.post("http://localhost/api/auth/signin/email",
                Map.of("email", "a@example.com", "_csrf", Browser.csrfField(page)));
        assertEquals("/api/auth/error?error=Unavailable", sent.getResponse().getRedirectedUrl());
        assertUnavailablePage(b.get("http://localhost" + sent.getResponse().getRedirectedUrl()));
        MvcResult link = b.get("http://localhost/api/auth/callback/email?token=abc&email=a%40example.com");
        assertUnavailablePage(link);
    }

    @Test
    void healthIsDownWithoutTheSdksText() {
        var h = health.health();
        assertEquals("DOWN", h.getStatus().getCode());
        String details = h.getDetails().toString();
        assertFalse(details.contains("127.0.0.1") || details.contains("Exception") || details.contains("Unable to execute"),
                details);
    }
}
