package io.watchword.core.scope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The scopes a credential holds, parsed once (when a token is first verified or a key first looked
 * up) so that each later check is a short loop without string work. Immutable.
 */
public final class GrantedScopes {

    private static final GrantedScopes NONE = new GrantedScopes(new Scope[0]);

    private final Scope[] scopes;

    private GrantedScopes(Scope[] scopes) {
        this.scopes = scopes;
    }

    public static GrantedScopes none() {
        return NONE;
    }

    /**
     * Parses a space-separated {@code scope} claim (RFC 8693/9068 style). Entries this version does
     * not understand are skipped: they can only grant something that is never checked.
     */
    public static GrantedScopes parse(String claim) {
        if (claim == null || claim.isBlank()) {
            return NONE;
        }
        List<Scope> parsed = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= claim.length(); i++) {
            if (i == claim.length() || claim.charAt(i) == ' ') {
                if (i > start) {
                    Scope scope = Scope.tryParse(claim.substring(start, i));
                    if (scope != null) {
                        parsed.add(scope);
                    }
                }
                start = i + 1;
            }
        }
        return new GrantedScopes(parsed.toArray(new Scope[0]));
    }

    /** Parses each of {@code texts}, skipping (as {@link #parse} does) what is not a scope. */
    public static GrantedScopes parseAll(Collection<String> texts) {
        if (texts == null || texts.isEmpty()) {
            return NONE;
        }
        List<Scope> parsed = new ArrayList<>(texts.size());
        for (String text : texts) {
            Scope scope = Scope.tryParse(text);
            if (scope != null) {
                parsed.add(scope);
            }
        }
        return new GrantedScopes(parsed.toArray(new Scope[0]));
    }

    public static GrantedScopes of(Collection<Scope> scopes) {
        return new GrantedScopes(scopes.toArray(new Scope[0]));
    }

    /** Some granted scope implies {@code required}. */
    public boolean allows(Scope required) {
        for (Scope granted : scopes) {
            if (granted.implies(required)) {
                return true;
            }
        }
        return false;
    }

    /** Some granted scope implies {@code required}; false when {@code required} is not a scope. */
    public boolean allows(String required) {
        Scope scope = Scope.tryParse(required);
        return scope != null && allows(scope);
    }

    /** Every one of {@code required} is allowed; an empty list is always allowed. */
    public boolean allowsAll(List<Scope> required) {
        for (int i = 0; i < required.size(); i++) {
            if (!allows(required.get(i))) {
                return false;
            }
        }
        return true;
    }

    public List<Scope> asList() {
        return List.of(scopes);
    }

    /** The space-separated claim form. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Scope scope : scopes) {
            text.append(text.length() == 0 ? "" : " ").append(scope);
        }
        return text.toString();
    }
}
