package io.watchword.events.kafka;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.EventType;
import io.watchword.events.InvalidEventException;
import io.watchword.events.Topics;
import io.watchword.events.WatchwordEvent;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer of every Watchword event: the {@code ce_type} header names the record
 * to read. A null value (a tombstone on the compacted revocations topic) gives {@code null}.
 *
 * <p>Anything else that is not a valid event throws {@link InvalidEventException} with a reason a
 * person can act on. Note that a deserializer failing inside {@code KafkaConsumer.poll} stops the
 * partition until the consumer seeks past it; consumers that must never block read {@code byte[]}
 * values and call {@link EventRecords#read} themselves, sending failures to {@link DeadLetters}.
 */
public class EventDeserializer implements Deserializer<WatchwordEvent> {

    @Override
    public WatchwordEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        throw new InvalidEventException("record on " + topic + " has no " + CloudEventHeaders.TYPE
                + " header: Watchword events carry their type in CloudEvents headers");
    }

    @Override
    public WatchwordEvent deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        Header typeHeader = headers == null ? null : headers.lastHeader(CloudEventHeaders.TYPE);
        if (typeHeader == null || typeHeader.value() == null) {
            return deserialize(topic, data);
        }
        String ceType = CloudEventHeaders.text(typeHeader.value());
        EventType type = EventType.fromCloudEventType(ceType)
                .orElseThrow(() -> new InvalidEventException("unknown event type " + CloudEventHeaders.TYPE + "='"
                        + ceType + "' on " + topic + "; this consumer knows " + knownTypes()));
        if (isSuiteTopic(topic) && !type.topic().name().equals(topic)) {
            throw new InvalidEventException(
                    ceType + " belongs on " + type.topic().name() + ", not on " + topic);
        }
        return EventSerde.deserialize(data, type.recordClass());
    }

    private static boolean isSuiteTopic(String topic) {
        // Dead letters hold records of every type: a reprocessor must be able to read them.
        return !Topics.DEAD_LETTERS.name().equals(topic)
                && Topics.ALL.stream().anyMatch(t -> t.name().equals(topic));
    }

    private static String knownTypes() {
        StringBuilder known = new StringBuilder();
        for (EventType type : EventType.values()) {
            known.append(known.length() == 0 ? "" : ", ").append(type.cloudEventType());
        }
        return known.toString();
    }
}
