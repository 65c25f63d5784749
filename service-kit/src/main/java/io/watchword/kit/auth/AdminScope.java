package io.watchword.kit.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method (or every method of a class) as taking an admin credential with this
 * scope. {@link AdminAuthenticationFilter} authenticates the caller and checks the scope before
 * the body is read: an anonymous caller never learns what the body should hold.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AdminScope {
    /** The {@code resource:action} scope the operation needs. */
    String value();
}
