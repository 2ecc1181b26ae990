package dev.dynauth.spring.magiclink;

import dev.dynauth.spring.reactive.UnderBlockHound;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * {@link RateLimitCases} on the reactive app (WebFlux on Netty, DynamoDB Local over HTTP), {@link UnderBlockHound
 * under BlockHound}: the refused request blocks no event loop either.
 */
@UnderBlockHound
class ReactiveRateLimitsTest extends RateLimitCases {

    @Autowired WebTestClient web;

    @Override
    Answer requestLink(String email) {
        String csrf = UUID.randomUUID().toString(); // the double-submit cookie and the form's field
        EntityExchangeResult<String> r = web.mutate().responseTimeout(Duration.ofSeconds(60)).build()
                .post().uri("/api/auth/signin/email").accept(MediaType.TEXT_HTML).cookie("XSRF-TOKEN", csrf)
                .body(BodyInserters.fromFormData("email", email).with("_csrf", csrf))
                .exchange().expectBody(String.class).returnResult();
        return new Answer(r.getStatus().value(), pathAndQuery(r.getResponseHeaders().getFirst(HttpHeaders.LOCATION)),
                r.getResponseBody() == null ? "" : r.getResponseBody());
    }
}
