package dev.dynauth.spring;

import dev.dynauth.spring.reactive.ReactiveTestApp;
import org.springframework.boot.test.context.SpringBootTest;

/** {@link HostileInputCases} on WebFlux (Netty); passkeys stay servlet-only. */
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        ReactiveTestApp.REACTIVE, "server.address=127.0.0.1", "dynauth.table-name=hostile-input-reactive",
        "dynauth.email.rate-limit=1000", "dynauth.email.client-rate-limit=1000", "dynauth.session.strategy=database,jwt"})
class ReactiveHostileInputTest extends HostileInputCases {
}
