package io.watchword.issuer.token.port;

import io.watchword.events.v1.CredentialType;
import java.time.Instant;
import java.util.List;

/**
 * What token exchange and introspection need to know about a stored API key or admin credential.
 * Filled from the keys module's {@code StoredCredential} by {@link CredentialGateway}.
 *
 * @param usable status ACTIVE and not yet expired ({@code StoredCredential.usableAt(now)})
 */
public record CredentialSnapshot(
        String id,
        String tenantId,
        CredentialType type,
        List<String> scopes,
        List<String> allowedCidrs,
        boolean usable,
        Instant createdAt,
        Instant expiresAt,
        String rotatedTo,
        Instant graceEndsAt) {

    /** Rotated, and the grace period in which the old key still works is over. */
    public boolean rotatedPastGraceAt(Instant now) {
        return rotatedTo != null && (graceEndsAt == null || !now.isBefore(graceEndsAt));
    }
}
