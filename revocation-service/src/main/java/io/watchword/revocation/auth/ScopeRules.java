package io.watchword.revocation.auth;

import java.util.Collection;
import java.util.List;

/** Scopes are {@code resource:action}; read < write < delete < admin and a higher action implies lower ones. */
final class ScopeRules {

    private static final List<String> ACTIONS = List.of("read", "write", "delete", "admin");

    private ScopeRules() {}

    static boolean anyImplies(Collection<String> granted, String required) {
        for (String scope : granted) {
            if (implies(scope, required)) {
                return true;
            }
        }
        return false;
    }

    static boolean implies(String granted, String required) {
        int g = granted.lastIndexOf(':');
        int r = required.lastIndexOf(':');
        if (g <= 0 || r <= 0 || !granted.regionMatches(0, required, 0, Math.max(g, r)) || g != r) {
            return false;
        }
        int grantedRank = ACTIONS.indexOf(granted.substring(g + 1));
        int requiredRank = ACTIONS.indexOf(required.substring(r + 1));
        return grantedRank >= 0 && requiredRank >= 0 && grantedRank >= requiredRank;
    }
}
