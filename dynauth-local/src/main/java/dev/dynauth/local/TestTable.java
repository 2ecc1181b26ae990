package dev.dynauth.local;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@link WithDynamoDbLocal} test class that receives the test's {@link LocalTable}, or its
 * {@code DynamoDbClient} when the field has that type. Set before each test method.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TestTable {}
