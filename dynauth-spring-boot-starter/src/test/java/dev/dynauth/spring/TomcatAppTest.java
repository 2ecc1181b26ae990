package dev.dynauth.spring;

import dev.dynauth.spring.app.TestApp;
import dev.dynauth.spring.authserver.WithAuthServer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The servlet {@link TestApp} served by Tomcat on a random loopback port, passkeys on, {@code database,jwt} sessions
 * (database sessions issued, Auth.js JWTs read too), link rate limits out of the way, and the fake provider's
 * {@code idp}. Every class so annotated shares one application context: {@link HostileInputTest} and
 * {@link RealServerTest}, which used to boot one each (the reactive twin of RealServerTest runs its cases with these
 * same session settings and a provider too, under {@code UnderBlockHound}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1", "dynauth.passkeys.enabled=true",
        "dynauth.email.rate-limit=1000", "dynauth.email.client-rate-limit=1000",
        // database sessions issued, Auth.js JWTs read too: both cookie readers face HostileInputTest's hostile cookies
        "dynauth.session.strategy=database,jwt"})
@WithAuthServer({"idp"})
@interface TomcatAppTest {
}
