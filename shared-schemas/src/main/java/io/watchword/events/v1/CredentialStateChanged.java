package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The whole current state of one API key or admin key, published by the issuer (the single writer)
 * on the compacted credential-state topic keyed by {@code credentialId}: the newest record per key
 * is the credential's state, so a consumer that reads the topic from the beginning knows every
 * credential. A tombstone (null value) follows once the credential can never be used again.
 * Never carries the secret or its hash.
 */
public record CredentialStateChanged(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String credentialId,
        CredentialType credentialType,
        String environment,
        String displayPrefix,
        String name,
        List<String> scopes,
        List<String> allowedCidrs,
        Instant expiresAt,
        CredentialState status,
        Instant graceEndsAt,
        String replacementId,
        String rotatedFrom,
        Integer rateLimit,
        Integer rateLimitWindowSeconds,
        Integer rateLimitBurst,
        Long quotaPerDay,
        Long quotaPerMonth,
        Integer throttleRateLimit,
        Instant throttleUntil,
        String throttleReason)
        implements WatchwordEvent {

    /** A credential without rate limit, quotas or throttle, as the issuer wrote it before they existed. */
    public CredentialStateChanged(
            UUID eventId,
            Instant occurredAt,
            String tenantId,
            String credentialId,
            CredentialType credentialType,
            String environment,
            String displayPrefix,
            String name,
            List<String> scopes,
            List<String> allowedCidrs,
            Instant expiresAt,
            CredentialState status,
            Instant graceEndsAt,
            String replacementId,
            String rotatedFrom) {
        this(
                eventId,
                occurredAt,
                tenantId,
                credentialId,
                credentialType,
                environment,
                displayPrefix,
                name,
                scopes,
                allowedCidrs,
                expiresAt,
                status,
                graceEndsAt,
                replacementId,
                rotatedFrom,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public CredentialStateChanged {
        // Missing lists stay null so the serde reports them by name: an absent allowedCidrs must
        // never be read as "any network".
        scopes = scopes == null ? null : List.copyOf(scopes);
        allowedCidrs = allowedCidrs == null ? null : List.copyOf(allowedCidrs);
    }

    @Override
    public String partitionKey() {
        return credentialId;
    }

    /**
     * The verifier's rule, on its own clock: usable only while ACTIVE (or ROTATED within its grace)
     * and before {@code expiresAt}. No later event is needed to refuse on time.
     */
    public boolean usableAt(Instant now) {
        if (expiresAt == null || !now.isBefore(expiresAt)) {
            return false;
        }
        return switch (status) {
            case ACTIVE -> true;
            case ROTATED -> graceEndsAt != null && now.isBefore(graceEndsAt);
            case EXPIRED, SUSPENDED, REVOKED -> false;
        };
    }
}
