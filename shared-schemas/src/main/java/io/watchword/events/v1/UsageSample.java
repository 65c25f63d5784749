package io.watchword.events.v1;

import java.time.Instant;

/** One request of the key that an alert quotes as an example (never a credential or a body). */
public record UsageSample(
        Instant occurredAt,
        String service,
        String method,
        String route,
        int status,
        String clientIp,
        String userAgent,
        UsageOutcome outcome,
        RefusalReason refusalReason) {}
