package io.watchword.issuer.audit;

import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.issuer.service.RequestInfo;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Builds audit records; never pass a secret in {@code details}. */
public final class AuditEvents {

    public static final String SERVICE = "issuer-service";

    private AuditEvents() {}

    public static AuditRecorded of(
            Instant now,
            String tenantId,
            String actor,
            String action,
            String resourceType,
            String resourceId,
            AuditOutcome outcome,
            RequestInfo request,
            Map<String, String> details) {
        return new AuditRecorded(
                UUID.randomUUID(),
                now,
                // Anonymous refusals have no tenant, and none is invented (decision 0024).
                tenantId,
                SERVICE,
                actor == null ? "anonymous" : actor,
                action,
                resourceType,
                resourceId,
                outcome,
                request.sourceIp(),
                request.userAgent(),
                details);
    }
}
