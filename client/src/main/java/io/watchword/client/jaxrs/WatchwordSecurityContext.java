package io.watchword.client.jaxrs;

import io.watchword.client.verify.VerifiedPrincipal;
import io.watchword.core.scope.Scope;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Exposes the verified caller through the standard {@link SecurityContext}: the principal's name is
 * the credential id; {@code isUserInRole("orders:read")} answers whether its scopes allow that.
 */
public final class WatchwordSecurityContext implements SecurityContext {

    private final VerifiedPrincipal principal;
    private final boolean secure;

    WatchwordSecurityContext(VerifiedPrincipal principal, boolean secure) {
        this.principal = principal;
        this.secure = secure;
    }

    public VerifiedPrincipal verifiedPrincipal() {
        return principal;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal::credentialId;
    }

    @Override
    public boolean isUserInRole(String role) {
        Scope scope = Scope.tryParse(role);
        return scope != null && principal.scopes().allows(scope);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
