package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Who did what, when, from where, and how it ended. Never carries a secret: credentials appear by
 * id or display prefix only.
 */
public record AuditRecorded(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String service,
        String actor,
        String action,
        String resourceType,
        String resourceId,
        AuditOutcome outcome,
        String sourceIp,
        String userAgent,
        Map<String, String> details)
        implements WatchwordEvent {

    public AuditRecorded {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    @Override
    public String partitionKey() {
        return tenantId;
    }
}
