package io.watchword.issuer.scope;

import java.util.regex.Pattern;

/**
 * A permission {@code resource:action}. No wildcards and nothing implicit: a key holds exactly
 * the scopes it was created with, and a higher action on the same resource implies lower ones.
 */
public record Scope(String resource, ScopeAction action) {

    private static final Pattern RESOURCE = Pattern.compile("[a-z][a-z0-9_-]{0,62}(\\.[a-z][a-z0-9_-]{0,62})*");
    private static final int MAX_LENGTH = 128;

    public static Scope of(String resource, ScopeAction action) {
        return new Scope(resource, action);
    }

    /** @throws InvalidScopeException with a reason a person can act on */
    public static Scope parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidScopeException(text, "a scope must not be empty; use resource:action, e.g. orders:read");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidScopeException(text, "a scope is at most " + MAX_LENGTH + " characters");
        }
        if (text.contains("*")) {
            throw new InvalidScopeException(text, "wildcards are not allowed; list each resource:action explicitly");
        }
        int colon = text.indexOf(':');
        if (colon < 0 || colon != text.lastIndexOf(':')) {
            throw new InvalidScopeException(
                    text, "a scope has exactly one ':' between resource and action, e.g. orders:read");
        }
        String resource = text.substring(0, colon);
        String action = text.substring(colon + 1);
        if (!RESOURCE.matcher(resource).matches()) {
            throw new InvalidScopeException(
                    text,
                    "resource '" + resource + "' must be lower case letters, digits, '_' or '-', starting"
                            + " with a letter (dots separate parts)");
        }
        ScopeAction parsed = ScopeAction.fromLabel(action)
                .orElseThrow(() -> new InvalidScopeException(
                        text, "action '" + action + "' is not one of read, write, delete, admin"));
        return new Scope(resource, parsed);
    }

    /** Same resource and at least as powerful an action. */
    public boolean implies(Scope other) {
        return resource.equals(other.resource) && action.compareTo(other.action) >= 0;
    }

    @Override
    public String toString() {
        return resource + ":" + action.label();
    }
}
