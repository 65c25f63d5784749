package io.watchword.analytics.console;

import io.watchword.kit.auth.AdminPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The console's roles, each the holder of one existing admin-key scope (decision 0158): no role
 * store and no new scope in the issuer, and a role's power matches what the scope already allows
 * elsewhere. A key may hold several; every role may read alerts of its tenant.
 */
public enum ConsoleRole {
    /** Reads and triages alerts; a false positive lifts a suspension, itself a revocations write. */
    ANALYST("revocations:write"),
    /** Reads alerts and runs the tenant's policies (response and hygiene policies). */
    OPERATOR("policies:write"),
    /** Reads everything, changes nothing. */
    AUDITOR("audit:read");

    private final String scope;

    ConsoleRole(String scope) {
        this.scope = scope;
    }

    /** The admin-key scope that grants this role (or any higher action on its resource). */
    public String scope() {
        return scope;
    }

    public static Set<ConsoleRole> of(AdminPrincipal principal) {
        Set<ConsoleRole> roles = EnumSet.noneOf(ConsoleRole.class);
        for (ConsoleRole role : values()) {
            if (principal.holds(role.scope)) {
                roles.add(role);
            }
        }
        return roles;
    }
}
