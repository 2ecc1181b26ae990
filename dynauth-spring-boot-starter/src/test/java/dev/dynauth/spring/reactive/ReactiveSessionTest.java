package dev.dynauth.spring.reactive;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/** The reactive session cases on the embedded DynamoDB Local (its calls run off the event loop). */
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=reactive", "dynauth.table-name=reactive-sessions",
                "dynauth.public-paths=/test/**"})
@AutoConfigureWebTestClient
class ReactiveSessionTest extends ReactiveSessionCases {
}
