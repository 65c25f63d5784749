package io.watchword.testsupport.quarkus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of type {@link io.watchword.testsupport.Infrastructure} in a test that uses {@link
 * WatchwordTestResource}; the resource sets it before the tests run.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectInfrastructure {}
