package io.watchword.issuer.token.port;

import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

/** {@link AdminGateway} over the keys module's {@link AdminAuthenticator}. */
@ApplicationScoped
public class KeysModuleAdminGateway implements AdminGateway {

    private final AdminAuthenticator authenticator;

    public KeysModuleAdminGateway(AdminAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public AdminCaller require(HttpHeaders headers, String requiredScope) {
        AdminPrincipal principal = authenticator.require(headers, requiredScope);
        return new AdminCaller(principal.credentialId(), principal.tenantId(), principal.platform());
    }
}
