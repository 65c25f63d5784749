package io.watchword.kit.auth;

import io.watchword.core.scope.Scope;
import java.util.Collection;
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

    /** The core's scope rule (read < write < delete < admin on the same resource); malformed never implies. */
    static boolean implies(String granted, String required) {
        Scope g = Scope.tryParse(granted);
        Scope r = Scope.tryParse(required);
        return g != null && r != null && g.implies(r);
    }
}
