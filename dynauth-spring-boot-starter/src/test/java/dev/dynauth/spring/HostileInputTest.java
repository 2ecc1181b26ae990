package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.app.TestApp;
import org.springframework.boot.test.context.SpringBootTest;

/** {@link HostileInputCases} on the servlet stack (Tomcat), passkeys on. */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1", "dynauth.table-name=hostile-input", "dynauth.passkeys.enabled=true",
        "dynauth.email.rate-limit=1000", "dynauth.email.client-rate-limit=1000",
        // database sessions issued, Auth.js JWTs read too: both cookie readers face the hostile cookies
        "dynauth.session.strategy=database,jwt"})
class HostileInputTest extends HostileInputCases {

    @Override
    void beforeCases() {
        ch.qos.logback.classic.Logger parser = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "org.apache.coyote.http11.Http11Processor");
        assertTrue(!parser.isInfoEnabled(), "Tomcat's request parser logs request targets (tokens) at INFO and DEBUG");
    }
}
