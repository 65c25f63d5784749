package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * What one verifier instance admitted for one rate-limited key: its own counts for the current UTC
 * day and month (cumulative, so a lost or repeated report changes nothing) and how many requests
 * per second it is being asked for. Every verifier reads every instance's reports to know a key's
 * global usage and its own share of the key's limit (decision 0173). Compacted, keyed by {@code
 * <credentialId>/<instanceId>}: the newest report of each instance for each key survives, so a
 * verifier that starts mid-day learns the day's usage from the beginning of the topic.
 *
 * @param day the UTC day the day count belongs to, {@code yyyy-MM-dd}
 * @param month the UTC month the month count belongs to, {@code yyyy-MM}
 * @param demandPerSecond requests per second presented to this instance for this key (admitted
 *     and refused), smoothed over about two seconds
 */
public record RateUsageReported(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String credentialId,
        String instanceId,
        String day,
        long dayCount,
        String month,
        long monthCount,
        double demandPerSecond)
        implements WatchwordEvent {

    @Override
    public String partitionKey() {
        return credentialId + "/" + instanceId;
    }
}
