package io.watchword.events.kafka;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.EventType;
import io.watchword.events.InvalidEventException;
import io.watchword.events.TopicSpec;
import io.watchword.events.WatchwordEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Builds and reads the Kafka records of Watchword events, for producers that use
 * {@code StringSerializer}/{@code ByteArraySerializer} (an outbox relay, for instance) and consumers
 * that read {@code byte[]} values so a bad record never blocks their partition.
 */
public final class EventRecords {

    private EventRecords() {}

    /**
     * The record of one event: its type's topic, key {@link WatchwordEvent#partitionKey()}, value
     * the event's JSON and the CloudEvents headers.
     *
     * @param source the CloudEvents {@code source}, e.g. {@code /watchword/revocation-service}
     */
    public static ProducerRecord<String, byte[]> toProducerRecord(WatchwordEvent event, String source) {
        EventType type = EventType.of(event);
        byte[] value = EventSerde.serialize(event);
        List<Header> headers = new ArrayList<>();
        CloudEventHeaders.of(event, source).forEach((name, bytes) -> headers.add(new RecordHeader(name, bytes)));
        return new ProducerRecord<>(type.topic().name(), null, event.partitionKey(), value, headers);
    }

    /**
     * As {@link #toProducerRecord}, with the key as UTF-8 bytes: for sinks that write {@code byte[]}
     * keys, such as a Flink {@code KafkaRecordSerializationSchema}.
     */
    public static ProducerRecord<byte[], byte[]> toBinaryProducerRecord(WatchwordEvent event, String source) {
        ProducerRecord<String, byte[]> record = toProducerRecord(event, source);
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(record.topic(), null, key, record.value(), record.headers());
    }

    /**
     * A tombstone: a null value that removes {@code key} from a compacted topic (the revocations
     * topic, once a credential could no longer be used anyway).
     */
    public static ProducerRecord<String, byte[]> tombstone(TopicSpec topic, String key) {
        if (!topic.compacted()) {
            throw new IllegalArgumentException(
                    topic.name() + " is not compacted: a tombstone would remove nothing and confuse consumers");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a tombstone needs the key it removes");
        }
        return new ProducerRecord<>(topic.name(), key, null);
    }

    /**
     * Reads the event in a consumed record, typed by its {@code ce_type} header.
     *
     * @return the event, or {@code null} for a tombstone
     * @throws InvalidEventException if the record is not a valid event; send it to {@link DeadLetters}
     */
    public static WatchwordEvent read(ConsumerRecord<?, byte[]> record) {
        return new EventDeserializer().deserialize(record.topic(), record.headers(), record.value());
    }
}
