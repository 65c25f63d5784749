package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An operator's instruction to the anomaly detector, applied at runtime without a restart: an
 * announced change window for a tenant or one of its keys (a planned client upgrade, a region
 * move: behavioural findings are softened while it lasts), and/or threshold overrides for the
 * tenant (names as in the detector's settings, e.g. {@code alert.threshold}). The record key is
 * {@code <tenantId>/<ruleId>}; the topic is compacted, so the latest record of a rule is its state,
 * and a tombstone on that key withdraws the rule.
 */
public record DetectorControlChanged(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String ruleId,
        String credentialId,
        Instant changeFrom,
        Instant changeUntil,
        Map<String, String> overrides,
        String description)
        implements WatchwordEvent {

    public DetectorControlChanged {
        overrides = overrides == null ? null : Map.copyOf(overrides);
    }

    @Override
    public String partitionKey() {
        return key(tenantId, ruleId);
    }

    @Override
    public String subject() {
        return ruleId;
    }

    public static String key(String tenantId, String ruleId) {
        return tenantId + "/" + ruleId;
    }
}
