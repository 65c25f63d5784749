package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * One API request made with a credential, as seen by the service that served it, accepted or
 * refused. {@code tenantId} and {@code credentialId} are absent when the credential is unknown;
 * {@code displayPrefix} then names the key as presented.
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
        String displayPrefix)
        implements WatchwordEvent {

    /** An accepted request (the fields before the refusal additions). */
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
                null);
    }

    /** The credential id, else the display prefix, else {@code "unattributed"}. */
    @Override
    public String partitionKey() {
        if (credentialId != null) {
            return credentialId;
        }
        return displayPrefix != null ? displayPrefix : "unattributed";
    }
}
