package io.watchword.analytics.rollup;

import io.watchword.core.scope.Scope;
import io.watchword.core.scope.ScopeAction;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The scope a request exercised, read from its method and route template because {@code
 * ApiUsageRecorded} does not carry the scope the route required (decision 0148): the resource is
 * the route's first segment that is neither a version ({@code v1}) nor {@code api}; the action is
 * {@code read} for GET/HEAD/OPTIONS, {@code delete} for DELETE, {@code write} otherwise. That is the
 * convention of the example service and of {@code @RequiresScope} routes ({@code GET /orders/{id}}
 * → {@code orders:read}); a route that does not follow it yields no scope, and scope advice then
 * keeps every scope it cannot account for.
 */
public final class ScopeInference {

    private static final Pattern VERSION = Pattern.compile("v[0-9]+");

    private ScopeInference() {}

    /** The scope, or null when the route names no resource that is a valid scope resource. */
    public static String scopeOf(String method, String route) {
        if (method == null || route == null) {
            return null;
        }
        String resource = null;
        for (String segment : route.split("/")) {
            if (segment.isEmpty()
                    || segment.startsWith("{")
                    || segment.equals("api")
                    || VERSION.matcher(segment).matches()) {
                continue;
            }
            resource = segment.toLowerCase(Locale.ROOT);
            break;
        }
        if (resource == null) {
            return null;
        }
        ScopeAction action =
                switch (method.toUpperCase(Locale.ROOT)) {
                    case "GET", "HEAD", "OPTIONS" -> ScopeAction.READ;
                    case "DELETE" -> ScopeAction.DELETE;
                    default -> ScopeAction.WRITE;
                };
        Scope scope = Scope.tryParse(resource + ":" + action.label());
        return scope == null ? null : scope.toString();
    }
}
