package io.watchword.analytics.console;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint of the console API, open to an admin credential holding any of these roles. Checked
 * by {@link ConsoleAccessFilter} before the body is read, with the kit's one authentication.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ConsoleAccess {
    ConsoleRole[] value();
}
