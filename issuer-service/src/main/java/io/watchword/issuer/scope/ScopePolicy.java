package io.watchword.issuer.scope;

import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.core.scope.InvalidScopeException;
import io.watchword.core.scope.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which scopes a new credential may hold. API keys: resources from the tenant's catalogue only.
 * Admin credentials: management resources only, and nothing the creator does not hold itself.
 * Every bad scope is reported with its reason, not just the first.
 */
public final class ScopePolicy {

    /** Resources reserved for Watchword's own management API. */
    public static final Set<String> MANAGEMENT_RESOURCES =
            Set.of("keys", "tenants", "introspection", "revocations", "policies", "audit", "usage");

    private ScopePolicy() {}

    public static List<Scope> forApiKey(List<String> requested, Collection<String> catalogue) {
        return validate(requested, scope -> {
            if (MANAGEMENT_RESOURCES.contains(scope.resource())) {
                return "'" + scope.resource()
                        + "' is a management resource; API keys cannot hold it (use an admin credential)";
            }
            if (!catalogue.contains(scope.resource())) {
                return "resource '" + scope.resource() + "' is not in this tenant's resource catalogue " + catalogue;
            }
            return null;
        });
    }

    public static List<Scope> forAdminKey(List<String> requested, Predicate<Scope> creatorHolds) {
        return validate(requested, scope -> {
            if (!MANAGEMENT_RESOURCES.contains(scope.resource())) {
                return "admin credentials only hold management scopes ("
                        + String.join(
                                ", ", MANAGEMENT_RESOURCES.stream().sorted().toList()) + ")";
            }
            if (!creatorHolds.test(scope)) {
                return "exceeds your own scopes: an admin credential cannot grant more than it holds";
            }
            return null;
        });
    }

    /** The reason a scope is refused, or null if it is allowed. */
    interface Rule extends java.util.function.Function<Scope, String> {}

    private static List<Scope> validate(List<String> requested, Rule rule) {
        if (requested == null || requested.isEmpty()) {
            throw ProblemException.invalid(
                    "'scopes' is required and must not be empty: list each resource:action the key needs",
                    List.of(new FieldError("scopes", "required")));
        }
        Set<Scope> result = new LinkedHashSet<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String text = requested.get(i);
            String field = "scopes[" + i + "]";
            try {
                Scope scope = Scope.parse(text);
                String reason = rule.apply(scope);
                if (reason != null) {
                    errors.add(new FieldError(field, reason));
                } else {
                    result.add(scope);
                }
            } catch (InvalidScopeException e) {
                // The parser's message quotes the text sent; the field index points at it instead.
                errors.add(new FieldError(
                        field,
                        "not a scope: resource:action with a lower-case resource and an action of read, write,"
                                + " delete or admin (no wildcards)"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(
                    errors.size() + " of the requested scopes cannot be granted; see 'errors' for each and why",
                    errors);
        }
        return List.copyOf(result);
    }
}
