package io.watchword.analytics.alert;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A filtered, newest-first page of alerts.
 *
 * @param tenantId only this tenant's alerts; null only for a platform admin reading every tenant
 * @param severities any of these (empty: all)
 * @param before the cursor: alerts strictly older than this position in (occurredAt, id) order
 */
public record AlertQuery(
        String tenantId,
        Set<String> severities,
        AlertStatus status,
        String credentialId,
        Instant from,
        Instant to,
        Cursor before,
        int limit) {

    /** A position in the newest-first order. */
    public record Cursor(Instant occurredAt, UUID id) {}
}
