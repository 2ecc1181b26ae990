package dev.dynauth.spring.stacks;

import dev.dynauth.spring.reactive.ReactiveTestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The shared session cases on the reactive stack (WebFlux on a real Netty server). */
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.main.web-application-type=reactive", "dynauth.table-name=stacks-reactive", "dynauth.secret=stacks-secret",
        "dynauth.session.strategy=database,jwt"})
@AutoConfigureWebTestClient
class ReactiveSessionBehaviourTest extends SessionBehaviourCases {

    @Autowired WebTestClient web;

    @Override
    Answer get(String path, Map<String, String> cookies, Map<String, String> headers) {
        WebTestClient.RequestHeadersSpec<?> spec = web.mutate().responseTimeout(Duration.ofSeconds(60)).build()
                .get().uri(path).accept(MediaType.APPLICATION_JSON);
        cookies.forEach(spec::cookie);
        headers.forEach(spec::header);
        EntityExchangeResult<String> r = spec.exchange().expectBody(String.class).returnResult();
        List<String> set = r.getResponseHeaders().get("Set-Cookie");
        return new Answer(r.getStatus().value(), r.getResponseBody() == null ? "" : r.getResponseBody(),
                set == null ? List.of() : List.copyOf(set));
    }
}
