package dev.dynauth.spring.stacks;

import dev.dynauth.spring.reactive.ReactiveTestApp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.netty.http.client.HttpClient;

/**
 * The shared session cases on the reactive stack (WebFlux on a real Netty server). Headers may be 16 KB here, both ways
 * (8 KB by default, as Tomcat's): an Auth.js JWT in three 4 KB chunks is one Cookie header, or three Set-Cookie headers,
 * beyond 8 KB. Cookies are sent as one raw {@code Cookie} header, as a browser sends what it was given (the client's
 * cookie API refuses some of the cases' hostile values).
 */
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.main.web-application-type=reactive", "dynauth.table-name=stacks-reactive", "dynauth.secret=stacks-secret",
        "dynauth.session.strategy=database,jwt", "server.address=127.0.0.1", "server.max-http-request-header-size=16KB"})
class ReactiveSessionBehaviourTest extends SessionBehaviourCases {

    @LocalServerPort int port;

    private WebTestClient client() {
        HttpClient http = HttpClient.create().httpResponseDecoder(d -> d.maxHeaderSize(16 * 1024));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(http)).baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    private static void cookies(WebTestClient.RequestHeadersSpec<?> spec, Map<String, String> cookies) {
        if (!cookies.isEmpty()) {
            spec.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
    }

    @Override
    Answer get(String path, Map<String, String> cookies, Map<String, String> headers) {
        WebTestClient.RequestHeadersSpec<?> spec = client().get().uri(path);
        if (!headers.containsKey("Accept")) {
            spec.accept(MediaType.APPLICATION_JSON);
        }
        cookies(spec, cookies);
        headers.forEach(spec::header);
        return answer(spec.exchange().expectBody(String.class).returnResult());
    }

    @Override
    Answer post(String path, Map<String, String> cookies, boolean csrf) {
        String token = UUID.randomUUID().toString(); // the double-submit cookie and the form's field
        WebTestClient.RequestBodySpec spec = client().post().uri(path).accept(MediaType.TEXT_HTML);
        Map<String, String> all = new LinkedHashMap<>(cookies);
        if (csrf) {
            all.put("XSRF-TOKEN", token);
        }
        cookies(spec, all);
        return answer(spec.body(BodyInserters.fromFormData(csrf ? "_csrf" : "nothing", token))
                .exchange().expectBody(String.class).returnResult());
    }

    private static Answer answer(EntityExchangeResult<String> r) {
        List<String> set = r.getResponseHeaders().get("Set-Cookie");
        return new Answer(r.getStatus().value(), r.getResponseBody() == null ? "" : r.getResponseBody(),
                set == null ? List.of() : List.copyOf(set));
    }
}
