package io.watchword.deploy.hostile;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the generator aims at: the services' addresses, real credentials (valid, of another tenant,
 * revoked) and real ids, so authenticated requests reach validation and planted secrets are real.
 *
 * @param tenantId the attacked tenant (the one whose admin sends authenticated requests)
 * @param adminKey the attacked tenant's admin credential
 * @param apiKey an API key of that tenant with the example service's scopes
 * @param accessToken a token exchanged from {@code apiKey}
 * @param introspector a platform credential with {@code introspection:read}
 * @param platformAdmin the issuer's bootstrap admin
 * @param otherTenantId another tenant, whose credentials are used against the attacked one
 * @param otherAdminKey that tenant's admin credential
 * @param otherKeyId an API key id of the other tenant
 * @param revokedAdminKey an admin credential of the attacked tenant, revoked before the run
 * @param revokedApiKey an API key of the attacked tenant, revoked before the run
 * @param keyIds API key ids of the attacked tenant the generator may rotate, suspend and revoke
 * @param revocationId a revocation of the attacked tenant
 */
public record AttackContext(
        URI issuer,
        URI revocation,
        URI example,
        String tenantId,
        String adminKey,
        String apiKey,
        String accessToken,
        String introspector,
        String platformAdmin,
        String otherTenantId,
        String otherAdminKey,
        String otherKeyId,
        String revokedAdminKey,
        String revokedApiKey,
        List<String> keyIds,
        String revocationId) {

    public URI base(Endpoint.Service service) {
        return switch (service) {
            case ISSUER -> issuer;
            case REVOCATION -> revocation;
            case EXAMPLE -> example;
        };
    }

    /** Every secret a response must never contain, by a name safe to print. */
    public Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("tenant-admin-key", adminKey);
        secrets.put("tenant-api-key", apiKey);
        secrets.put("access-token", accessToken);
        secrets.put("introspection-credential", introspector);
        secrets.put("platform-admin-key", platformAdmin);
        secrets.put("other-tenant-admin-key", otherAdminKey);
        secrets.put("revoked-admin-key", revokedAdminKey);
        secrets.put("revoked-api-key", revokedApiKey);
        return secrets;
    }

    /** The credential a legitimate caller of {@code endpoint} presents. */
    public String credentialFor(Endpoint.Caller caller) {
        return switch (caller) {
            case PUBLIC -> null;
            case PLATFORM_ADMIN -> platformAdmin;
            case TENANT_ADMIN -> adminKey;
            case INTROSPECTOR -> introspector;
            case API_KEY -> apiKey;
        };
    }
}
