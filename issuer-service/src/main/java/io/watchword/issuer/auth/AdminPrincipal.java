package io.watchword.issuer.auth;

import io.watchword.core.scope.Scope;
import java.util.List;

/**
 * An authenticated admin credential.
 *
 * @param platform the credential belongs to the bootstrap {@code system} tenant and may act on
 *     every tenant
 */
public record AdminPrincipal(String credentialId, String tenantId, List<Scope> scopes, boolean platform) {

    public static final String SYSTEM_TENANT = "system";

    public AdminPrincipal {
        scopes = List.copyOf(scopes);
    }

    public boolean has(Scope required) {
        return scopes.stream().anyMatch(s -> s.implies(required));
    }

    public boolean mayAccessTenant(String tenant) {
        return platform || tenantId.equals(tenant);
    }
}
