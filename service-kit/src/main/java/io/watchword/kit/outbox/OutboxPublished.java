package io.watchword.kit.outbox;

import java.util.List;

/**
 * CDI event fired by the {@link OutboxRelay} after Kafka acknowledged a pass's records: where
 * each one landed. Observed synchronously on the relay's thread inside its transaction; an
 * observer must be quick and must not throw (decision 0166).
 */
public record OutboxPublished(List<Record> records) {

    /**
     * @param eventId the CloudEvents {@code ce_id} header (the event's {@code eventId}); null for a
     *     tombstone
     */
    public record Record(String topic, String key, int partition, long offset, String eventId) {}

    public OutboxPublished {
        records = List.copyOf(records);
    }
}
