package io.watchword.revocation.service;

/**
 * The record key of a revocation on {@code watchword.revocations.v1}: {@code
 * <tenantId>/<credentialId>} (contract 3), so two tenants' records for the same token id never
 * compact into each other. A tenant id never contains {@code /}; the credential id follows the first.
 */
public final class RevocationKeys {

    private RevocationKeys() {}

    public static String of(String tenantId, String credentialId) {
        return tenantId + "/" + credentialId;
    }
}
