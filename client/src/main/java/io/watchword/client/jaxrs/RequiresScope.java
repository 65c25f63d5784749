package io.watchword.client.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scopes ({@code resource:action}) a caller needs for a resource method or every method of a
 * resource class; a method's annotation replaces its class's. A higher action implies the lower
 * ones ({@code orders:write} satisfies {@code orders:read}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresScope {

    /** Every one of these is required. */
    String[] value();
}
