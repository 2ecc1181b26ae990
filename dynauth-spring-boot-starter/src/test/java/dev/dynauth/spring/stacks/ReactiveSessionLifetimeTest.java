package dev.dynauth.spring.stacks;

import dev.dynauth.spring.reactive.ReactiveTestApp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** {@link SessionLifetimeCases} on the reactive app (WebFlux on Netty): the session past its lifetime is deleted async. */
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        ReactiveTestApp.REACTIVE, "server.address=127.0.0.1", "dynauth.table-name=session-lifetime-reactive",
        "dynauth.session.max-lifetime=2h", "dynauth.session.update-age=0s"})
@AutoConfigureWebTestClient
class ReactiveSessionLifetimeTest extends SessionLifetimeCases {

    @Autowired WebTestClient web;

    private WebTestClient client() {
        return web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
    }

    @Override
    String signIn(String email) {
        String csrf = UUID.randomUUID().toString(); // the double-submit cookie and the form's field
        client().post().uri("/api/auth/signin/email").accept(MediaType.TEXT_HTML).cookie("XSRF-TOKEN", csrf)
                .body(BodyInserters.fromFormData("email", email).with("_csrf", csrf))
                .exchange().expectStatus().is3xxRedirection();
        URI link = URI.create(sender.last().url());
        List<String> set = client().get().uri(link).exchange()
                .expectStatus().is3xxRedirection().returnResult(String.class).getResponseHeaders().get(HttpHeaders.SET_COOKIE);
        String cookie = set.stream().filter(h -> h.startsWith("authjs.session-token=")).findFirst().orElseThrow();
        return cookie.substring("authjs.session-token=".length(), cookie.indexOf(';'));
    }

    @Override
    int me(String token) {
        return client().get().uri("/me").accept(MediaType.APPLICATION_JSON).cookie("authjs.session-token", token)
                .exchange().returnResult(String.class).getStatus().value();
    }
}
