package io.watchword.revocation.auth;

import io.watchword.core.scope.GrantedScopes;
import java.util.Set;

/**
 * An authenticated management caller: its admin credential id, tenant and scopes.
 *
 * @param platform whether the caller belongs to the bootstrap {@code system} tenant
 */
public record AdminPrincipal(String credentialId, String tenantId, Set<String> scopes, boolean platform) {

    public static final String PLATFORM_TENANT = "system";

    public AdminPrincipal {
        scopes = Set.copyOf(scopes);
    }

    /** {@code resource:action} granted directly or by a higher action on the same resource. */
    public boolean holds(String required) {
        return GrantedScopes.parseAll(scopes).allows(required);
    }
}
