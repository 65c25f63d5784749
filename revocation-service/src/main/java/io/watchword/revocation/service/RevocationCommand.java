package io.watchword.revocation.service;

import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A request to move one credential to {@code target} (REVOKED or SUSPENDED), already checked
 * against what this service knows of the credential.
 *
 * @param requestedBy the admin credential id, {@code policy:<rule>} or {@code rfc7009:<ip>}
 * @param expiresAt when the credential stops working by itself (drives the tombstone)
 */
public record RevocationCommand(
        String tenantId,
        String credentialId,
        CredentialType credentialType,
        String parentCredentialId,
        RevocationStatus target,
        RevocationReason reason,
        String comment,
        String requestedBy,
        UUID alertId,
        Instant expiresAt,
        String sourceIp) {}
