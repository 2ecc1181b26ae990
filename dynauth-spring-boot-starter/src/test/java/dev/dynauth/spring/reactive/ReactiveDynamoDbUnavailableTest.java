package dev.dynauth.spring.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * DynamoDB out of reach (nothing listens on the endpoint) on WebFlux: the non-blocking session read fails within the
 * bounded call timeouts and the request is the styled 503 page ({@code {"error":"Unavailable"}} on the session JSON),
 * never a 500 or a stack trace.
 */
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.main.web-application-type=reactive", "dynauth.dynamodb.mode=aws",
        "dynauth.dynamodb.endpoint=http://127.0.0.1:9", "dynauth.dynamodb.region=eu-west-1",
        "dynauth.dynamodb.api-call-timeout=2s", "dynauth.dynamodb.api-call-attempt-timeout=500ms",
        "dynauth.create-table-if-missing=false", "dynauth.url=http://localhost", "NEXT_AUTH_AWS_ACCESS_KEY=x",
        "NEXT_AUTH_AWS_SECRET_KEY=y", "dynauth.secret=s"})
@AutoConfigureWebTestClient
class ReactiveDynamoDbUnavailableTest {

    @Autowired WebTestClient web;

    @Test
    void aSignedInRequestIsA503PageAndTheSessionJsonSaysUnavailable() {
        WebTestClient client = web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        String token = UUID.randomUUID().toString();
        String html = client.get().uri("/me").cookie("authjs.session-token", token).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "30")
                .expectBody(String.class).returnResult().getResponseBody();
        assertTrue(html.contains("Temporarily unavailable") && html.contains("Nothing is wrong with what you entered"), html);
        for (String internal : new String[] {"Exception", "software.amazon", "127.0.0.1:9", "\tat "}) {
            assertFalse(html.contains(internal), html);
        }
        String json = client.get().uri("/api/auth/session").cookie("authjs.session-token", token).exchange()
                .expectStatus().isEqualTo(503).expectBody(String.class).returnResult().getResponseBody();
        assertEquals("{\"error\":\"Unavailable\"}", json);
    }
}
