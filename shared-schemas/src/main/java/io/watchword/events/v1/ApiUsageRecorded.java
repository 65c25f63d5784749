package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.UUID;

/** One API request made with a credential, as seen by the service that served it. */
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
        long responseBytes)
        implements WatchwordEvent {

    @Override
    public String partitionKey() {
        return credentialId;
    }
}
