package io.watchword.issuer.token.port;

/**
 * An authenticated admin credential.
 *
 * @param platform the caller belongs to the bootstrap {@code system} tenant and may act on every
 *     tenant's credentials
 */
public record AdminCaller(String credentialId, String tenantId, boolean platform) {

    public boolean mayAccessTenant(String tenant) {
        return platform || tenantId.equals(tenant);
    }
}
