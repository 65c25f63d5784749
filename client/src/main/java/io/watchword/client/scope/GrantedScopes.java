package io.watchword.client.scope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The scopes a credential holds, parsed once (when a token is first verified or a key first
 * introspected) so that each later check is a short loop without string work.
 */
public final class GrantedScopes {

    private static final GrantedScopes NONE = new GrantedScopes(new Scope[0]);

    private final Scope[] scopes;

    private GrantedScopes(Scope[] scopes) {
        this.scopes = scopes;
    }

    /**
     * Parses the space-separated {@code scope} claim. Entries this version does not understand are
     * skipped: they can only grant something we never check for.
     */
    public static GrantedScopes parse(String claim) {
        if (claim == null || claim.isBlank()) {
            return NONE;
        }
        List<Scope> parsed = new ArrayList<>();
        for (String part : claim.trim().split(" +")) {
            Scope scope = Scope.tryParse(part);
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

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Scope scope : scopes) {
            text.append(text.length() == 0 ? "" : " ").append(scope);
        }
        return text.toString();
    }
}
