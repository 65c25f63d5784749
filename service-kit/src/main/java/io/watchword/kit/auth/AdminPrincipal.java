package io.watchword.kit.auth;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * An authenticated admin credential: who ({@code credentialId}), for which tenant, with which
 * {@code resource:action} scopes.
 *
 * @param platform the credential belongs to the bootstrap {@code system} tenant and may act on
 *     every tenant
 */
public record AdminPrincipal(String credentialId, String tenantId, Set<String> scopes, boolean platform) {

    /** The bootstrap tenant whose admin credentials act on every tenant. */
    public static final String SYSTEM_TENANT = "system";

    private static final List<String> ACTIONS = List.of("read", "write", "delete", "admin");

    public AdminPrincipal {
        scopes = Set.copyOf(scopes);
    }

    public static AdminPrincipal of(String credentialId, String tenantId, Collection<String> scopes) {
        return new AdminPrincipal(credentialId, tenantId, Set.copyOf(scopes), SYSTEM_TENANT.equals(tenantId));
    }

    /** {@code resource:action} granted directly or by a higher action on the same resource. */
    public boolean holds(String required) {
        for (String granted : scopes) {
            if (implies(granted, required)) {
                return true;
            }
        }
        return false;
    }

    public boolean mayAccessTenant(String tenant) {
        return platform || tenantId.equals(tenant);
    }

    // The scope grammar's one home is io.watchword.core.scope (formats); this is only its
    // implication rule (read < write < delete < admin on the same resource), to be swapped for it.
    static boolean implies(String granted, String required) {
        int g = granted.indexOf(':');
        int r = required.indexOf(':');
        if (g <= 0 || g != r || !granted.regionMatches(0, required, 0, g)) {
            return false;
        }
        int grantedRank = ACTIONS.indexOf(granted.substring(g + 1));
        int requiredRank = ACTIONS.indexOf(required.substring(r + 1));
        return grantedRank >= 0 && requiredRank >= 0 && grantedRank >= requiredRank;
    }
}
