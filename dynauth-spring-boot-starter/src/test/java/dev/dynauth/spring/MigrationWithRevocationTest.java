package dev.dynauth.spring;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.app.TestApp;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link DynauthAppTest} of the servlet test application with {@code dynauth.session.strategy=database,jwt} (a
 * migration: either cookie signs in, sign-in issues a database session), the opt-in revocation
 * {@code dynauth.session.jwt.revoke-on-sign-out=true}, passkeys on, and its {@code DynamoDbClient} behind
 * {@link SessionReadFailsClosedTest.Faults fault injectors} that let every call through until a test of
 * SessionReadFailsClosedTest turns them on (and off again); otherwise application.properties (its secret too).
 *
 * <p>Every class so annotated shares one application context: {@link SessionReadFailsClosedTest},
 * {@code session.JwtMigrationAndRevocationTest}, {@link SessionReadWithoutItsTableTest} (which deletes the context's
 * table and makes it again after each test), {@code stacks.ServletSessionBehaviourTest} and {@link PasskeyOriginTest}
 * (passkeys without {@code dynauth.url} or relying-party properties), which used to boot one context each.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@DynauthAppTest(classes = {TestApp.class, SessionReadFailsClosedTest.Faults.class}, properties = {
        "dynauth.session.strategy=database,jwt", "dynauth.session.jwt.revoke-on-sign-out=true",
        "dynauth.passkeys.enabled=true"})
public @interface MigrationWithRevocationTest {
}
