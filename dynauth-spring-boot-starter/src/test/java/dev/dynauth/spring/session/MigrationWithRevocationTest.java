package dev.dynauth.spring.session;

import dev.dynauth.spring.app.DynauthAppTest;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link DynauthAppTest} of the servlet test application with {@code dynauth.session.strategy=database,jwt} (a
 * migration: either cookie signs in, sign-in issues a database session) and the opt-in revocation
 * {@code dynauth.session.jwt.revoke-on-sign-out=true}; otherwise application.properties (its secret too). Every class
 * so annotated shares one application context: {@link JwtMigrationAndRevocationTest},
 * {@code SessionReadWithoutItsTableTest} (which deletes the context's table and makes it again after each test) and
 * {@code stacks.ServletSessionBehaviourTest}, which used to boot one each.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@DynauthAppTest(properties = {"dynauth.session.strategy=database,jwt", "dynauth.session.jwt.revoke-on-sign-out=true"})
public @interface MigrationWithRevocationTest {
}
