package io.watchword.revocation.service;

import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import java.time.Instant;
import java.util.UUID;

/** The current revocation state of one credential, as stored and as returned by the API. */
public record Revocation(
        String id,
        String tenantId,
        String credentialId,
        CredentialType credentialType,
        String parentCredentialId,
        RevocationStatus status,
        RevocationReason reason,
        String comment,
        String requestedBy,
        UUID alertId,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        Instant tombstoneDueAt,
        Instant tombstonedAt) {}
