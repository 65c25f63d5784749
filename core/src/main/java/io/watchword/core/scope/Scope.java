package io.watchword.core.scope;

/**
 * A permission {@code resource:action}. No wildcards and nothing implicit: a credential holds
 * exactly the scopes it was given, and a higher action on the same resource implies the lower
 * ones ({@code read < write < delete < admin}).
 *
 * <p>A resource is one or more dot-separated parts, each a lower-case letter followed by up to 62
 * lower-case letters, digits, {@code _} or {@code -}; a scope is at most 128 characters.
 */
public record Scope(String resource, ScopeAction action) {

    public static final int MAX_LENGTH = 128;
    private static final int MAX_PART = 63;

    /** @throws InvalidScopeException if {@code resource} is not a valid resource or action is null */
    public Scope {
        if (action == null) {
            throw new InvalidScopeException("a scope needs an action: read, write, delete or admin");
        }
        String reason = resourceProblem(resource);
        if (reason != null) {
            throw new InvalidScopeException(reason);
        }
        if (resource.length() + 1 + action.label().length() > MAX_LENGTH) {
            throw new InvalidScopeException("a scope is at most " + MAX_LENGTH + " characters");
        }
    }

    public static Scope of(String resource, ScopeAction action) {
        return new Scope(resource, action);
    }

    /**
     * Parses {@code resource:action}.
     *
     * @throws InvalidScopeException with a reason a person can act on (for any input, null included)
     */
    public static Scope parse(String text) {
        String reason = problem(text);
        if (reason != null) {
            throw new InvalidScopeException(reason);
        }
        int colon = text.indexOf(':');
        return new Scope(text.substring(0, colon), ScopeAction.byLabel(text.substring(colon + 1)));
    }

    /**
     * The scope, or null when the text is not one. For scopes granted by someone else (a token may
     * carry scopes newer than this code): an unknown one can only grant what is never checked.
     */
    public static Scope tryParse(String text) {
        if (problem(text) != null) {
            return null;
        }
        int colon = text.indexOf(':');
        return new Scope(text.substring(0, colon), ScopeAction.byLabel(text.substring(colon + 1)));
    }

    /** Whether {@code text} is a valid scope. */
    public static boolean isValid(String text) {
        return problem(text) == null;
    }

    /** Same resource and at least as powerful an action. */
    public boolean implies(Scope other) {
        return other != null && resource.equals(other.resource) && action.compareTo(other.action) >= 0;
    }

    @Override
    public String toString() {
        return resource + ":" + action.label();
    }

    /** Why {@code text} is not a scope, or null if it is one. */
    private static String problem(String text) {
        if (text == null || text.isEmpty()) {
            return "a scope must not be empty; use resource:action, e.g. orders:read";
        }
        if (text.length() > MAX_LENGTH) {
            return "a scope is at most " + MAX_LENGTH + " characters";
        }
        if (text.indexOf('*') >= 0) {
            return "wildcards are not allowed; list each resource:action explicitly";
        }
        int colon = text.indexOf(':');
        if (colon < 0 || colon != text.lastIndexOf(':')) {
            return "a scope is resource:action with exactly one ':' between them, e.g. orders:read";
        }
        String reason = resourceProblem(text.substring(0, colon));
        if (reason != null) {
            return reason;
        }
        if (ScopeAction.byLabel(text.substring(colon + 1)) == null) {
            return "the action must be one of read, write, delete, admin";
        }
        return null;
    }

    private static String resourceProblem(String resource) {
        String reason = "the resource must be lower case letters, digits, '_' or '-', starting with a letter"
                + " (dots separate parts), e.g. orders or orders.items";
        if (resource == null || resource.isEmpty() || resource.length() > MAX_LENGTH) {
            return reason;
        }
        int partStart = 0;
        for (int i = 0; i <= resource.length(); i++) {
            char c = i == resource.length() ? '.' : resource.charAt(i);
            if (c == '.') {
                int partLength = i - partStart;
                if (partLength == 0 || partLength > MAX_PART) {
                    return reason;
                }
                partStart = i + 1;
            } else if (i == partStart ? !(c >= 'a' && c <= 'z') : !isResourceChar(c)) {
                return reason;
            }
        }
        return null;
    }

    private static boolean isResourceChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
