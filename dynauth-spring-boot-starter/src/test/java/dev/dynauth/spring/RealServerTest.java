package dev.dynauth.spring;

import dev.dynauth.spring.app.TestApp;
import org.springframework.boot.test.context.SpringBootTest;

/** {@link SignInOverHttpCases} on the servlet stack (Tomcat). */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
class RealServerTest extends SignInOverHttpCases {
}
