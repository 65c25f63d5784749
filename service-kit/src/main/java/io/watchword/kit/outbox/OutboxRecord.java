package io.watchword.kit.outbox;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.EventType;
import io.watchword.events.WatchwordEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of the outbox, i.e. one Kafka record to be: topic, record key (the partition key; may be
 * null), value ({@code null} is a compaction tombstone) and headers (CloudEvents attributes as
 * text).
 */
public record OutboxRecord(String topic, String key, byte[] payload, Map<String, String> headers) {

    public OutboxRecord {
        Objects.requireNonNull(topic, "topic");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** An event under its own partition key, with its CloudEvents headers. */
    public static OutboxRecord of(WatchwordEvent event, String source) {
        return of(event, event.partitionKey(), source);
    }

    /** An event under an explicit record key (e.g. {@code <tenant>/<id>} on the revocations topic). */
    public static OutboxRecord of(WatchwordEvent event, String key, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        CloudEventHeaders.of(event, source).forEach((name, value) -> headers.put(name, CloudEventHeaders.text(value)));
        return new OutboxRecord(EventType.of(event).topic().name(), key, EventSerde.serialize(event), headers);
    }

    /** A compaction tombstone: a null value under {@code key}, removing the key from the topic. */
    public static OutboxRecord tombstone(String topic, String key) {
        return new OutboxRecord(topic, Objects.requireNonNull(key, "a tombstone needs a key"), null, Map.of());
    }

    public boolean isTombstone() {
        return payload == null;
    }
}
