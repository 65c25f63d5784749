package io.watchword.analytics.rollup;

import io.watchword.core.scope.Scope;
import io.watchword.core.scope.ScopeAction;
import io.watchword.events.v1.ApiUsageRecorded;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The scope a request exercised. Events from the client library carry the scopes the method declares
 * ({@code requiredScopes}, decision 0221); for the others it is read from method and route template
 * (decision 0148): the resource is
 * the route's first segment that is neither a version ({@code v1}) nor {@code api}; the action is
 * {@code read} for GET/HEAD/OPTIONS, {@code delete} for DELETE, {@code write} otherwise. That is the
 * convention of the example service and of {@code @RequiresScope} routes ({@code GET /orders/{id}}
 * → {@code orders:read}); a route that does not follow it yields no scope, and scope advice then
 * keeps every scope it cannot account for.
 */
public final class ScopeInference {

    private static final Pattern VERSION = Pattern.compile("v[0-9]+");

    private ScopeInference() {}

    /**
     * The scopes an accepted request exercised: those its resource method declares ({@code
     * requiredScopes}, filled by the client library from {@code @RequiresScope}) when the event
     * carries them, else the one inferred from method and route — the fallback for events without
     * them (decision 0221). Invalid entries are ignored (the rules dead-letter such an event first).
     */
    public static List<String> scopesOf(ApiUsageRecorded event) {
        List<String> declared = event.requiredScopes();
        if (declared != null && !declared.isEmpty()) {
            List<String> out = new ArrayList<>(declared.size());
            for (String text : declared) {
                Scope scope = text == null ? null : Scope.tryParse(text);
                if (scope != null && !out.contains(scope.toString())) {
                    out.add(scope.toString());
                }
            }
            return out;
        }
        String inferred = scopeOf(event.method(), event.route());
        return inferred == null ? List.of() : List.of(inferred);
    }

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
