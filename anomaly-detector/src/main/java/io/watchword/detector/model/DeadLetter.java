package io.watchword.detector.model;

import io.watchword.events.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * A record the job refused, kept whole (key, value, headers) so the dead-letter topic receives it
 * unchanged with the {@link DeadLetters} headers, as every other consumer writes them.
 */
public class DeadLetter {
    /** The consumer name in {@code dead-letter-consumer}. */
    public static final String CONSUMER = "watchword-anomaly-detector";

    public String topic;
    public int partition;
    public long offset;
    public byte[] key;
    public byte[] value;
    /** Header names and values, alternating; values as ISO-8859-1 so every byte survives. */
    public String[] headers;

    public String reason;
    public String exceptionClass;

    public DeadLetter() {}

    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record, Throwable failure) {
        DeadLetter d = new DeadLetter();
        d.topic = record.topic();
        d.partition = record.partition();
        d.offset = record.offset();
        d.key = record.key();
        d.value = record.value();
        java.util.List<String> h = new java.util.ArrayList<>();
        for (Header header : record.headers()) {
            h.add(header.key());
            h.add(header.value() == null ? null : new String(header.value(), StandardCharsets.ISO_8859_1));
        }
        d.headers = h.toArray(new String[0]);
        d.reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        d.exceptionClass = failure.getClass().getName();
        return d;
    }

    public ProducerRecord<byte[], byte[]> toProducerRecord() {
        RecordHeaders h = new RecordHeaders();
        if (headers != null) {
            for (int i = 0; i + 1 < headers.length; i += 2) {
                h.add(headers[i], headers[i + 1] == null ? null : headers[i + 1].getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>(
                topic,
                partition,
                offset,
                ConsumerRecord.NO_TIMESTAMP,
                TimestampType.NO_TIMESTAMP_TYPE,
                key == null ? -1 : key.length,
                value == null ? -1 : value.length,
                key,
                value,
                h,
                java.util.Optional.empty());
        return DeadLetters.of(original, CONSUMER, reason);
    }
}
