package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One API request, accepted or refused, as seen by the service (verifier) that received it.
 *
 * <p>{@code tenantId} and {@code credentialId} are absent when the credential is unknown (then
 * {@code displayPrefix} says which key was presented, if it was shaped like one). {@code outcome}
 * absent means ACCEPTED (events written before it existed). {@code requiredScopes} are the scopes
 * the protected resource method declares ({@code @RequiresScope}), when the verifier knows them;
 * absent for events written before it existed and for routes that declare none.
 */
public record ApiUsageRecorded(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String credentialId,
        String service,
        String method,
        String route,
        int status,
        long latencyMicros,
        String clientIp,
        String userAgent,
        long requestBytes,
        long responseBytes,
        UsageOutcome outcome,
        RefusalReason refusalReason,
        String displayPrefix,
        List<String> requiredScopes)
        implements WatchwordEvent {

    /** Partition key of usage nobody can be attributed with (no credential id, no display prefix). */
    public static final String UNATTRIBUTED = "unattributed";

    /** A request, as producers wrote it before the required scopes were recorded. */
    public ApiUsageRecorded(
            UUID eventId,
            Instant occurredAt,
            String tenantId,
            String credentialId,
            String service,
            String method,
            String route,
            int status,
            long latencyMicros,
            String clientIp,
            String userAgent,
            long requestBytes,
            long responseBytes,
            UsageOutcome outcome,
            RefusalReason refusalReason,
            String displayPrefix) {
        this(
                eventId,
                occurredAt,
                tenantId,
                credentialId,
                service,
                method,
                route,
                status,
                latencyMicros,
                clientIp,
                userAgent,
                requestBytes,
                responseBytes,
                outcome,
                refusalReason,
                displayPrefix,
                null);
    }

    /** A copy that records the scopes the route requires. */
    public ApiUsageRecorded withRequiredScopes(List<String> scopes) {
        return new ApiUsageRecorded(
                eventId,
                occurredAt,
                tenantId,
                credentialId,
                service,
                method,
                route,
                status,
                latencyMicros,
                clientIp,
                userAgent,
                requestBytes,
                responseBytes,
                outcome,
                refusalReason,
                displayPrefix,
                scopes);
    }

    /** An accepted request, as producers wrote it before refusals were recorded. */
    public ApiUsageRecorded(
            UUID eventId,
            Instant occurredAt,
            String tenantId,
            String credentialId,
            String service,
            String method,
            String route,
            int status,
            long latencyMicros,
            String clientIp,
            String userAgent,
            long requestBytes,
            long responseBytes) {
        this(
                eventId,
                occurredAt,
                tenantId,
                credentialId,
                service,
                method,
                route,
                status,
                latencyMicros,
                clientIp,
                userAgent,
                requestBytes,
                responseBytes,
                null,
                null,
                null,
                null);
    }

    /** The outcome, reading an absent one as ACCEPTED. */
    public UsageOutcome effectiveOutcome() {
        return outcome == null ? UsageOutcome.ACCEPTED : outcome;
    }

    @Override
    public String partitionKey() {
        // All usage of one key stays in order on one partition, also when only its prefix is known.
        if (credentialId != null && !credentialId.isEmpty()) {
            return credentialId;
        }
        if (displayPrefix != null && !displayPrefix.isEmpty()) {
            return displayPrefix;
        }
        return UNATTRIBUTED;
    }
}
