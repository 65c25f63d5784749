package io.watchword.client.scope;

import java.util.regex.Pattern;

/**
 * A permission {@code resource:action}, the same grammar the issuer enforces. A higher action on
 * the same resource implies the lower ones; there are no wildcards.
 */
public record Scope(String resource, ScopeAction action) {

    private static final Pattern RESOURCE = Pattern.compile("[a-z][a-z0-9_-]{0,62}(\\.[a-z][a-z0-9_-]{0,62})*");

    /**
     * Parses {@code resource:action}.
     *
     * @throws IllegalArgumentException with a reason a person can act on
     */
    public static Scope parse(String text) {
        Scope scope = tryParse(text);
        if (scope == null) {
            throw new IllegalArgumentException("'" + text + "' is not a scope: use resource:action with a lower-case"
                    + " resource and an action of read, write, delete or admin, e.g. orders:read");
        }
        return scope;
    }

    /** The scope, or null when the text is not one (tokens may carry scopes newer than us). */
    public static Scope tryParse(String text) {
        if (text == null || text.length() > 128) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon != text.lastIndexOf(':')) {
            return null;
        }
        String resource = text.substring(0, colon);
        ScopeAction action = ScopeAction.fromLabel(text.substring(colon + 1));
        if (action == null || !RESOURCE.matcher(resource).matches()) {
            return null;
        }
        return new Scope(resource, action);
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
