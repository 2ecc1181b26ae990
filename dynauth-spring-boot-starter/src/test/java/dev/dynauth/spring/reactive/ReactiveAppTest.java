package dev.dynauth.spring.reactive;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * A test of the starter inside the {@link ReactiveTestApp reactive application} with its defaults, on the embedded
 * DynamoDB Local and a random loopback port, with a {@code WebTestClient}; the test app's {@code /test/**} endpoints
 * (a test-only sign-in) are public. Every class so annotated shares one application context:
 * {@link ReactiveSessionTest} and {@code ReactivePagesBrowserTest}, which used to boot one each for these defaults
 * (bar a table name, which the context has of its own, and the public paths, which the browser never visits).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {ReactiveTestApp.REACTIVE, "server.address=127.0.0.1", "dynauth.public-paths=/test/**"})
@AutoConfigureWebTestClient
public @interface ReactiveAppTest {
}
