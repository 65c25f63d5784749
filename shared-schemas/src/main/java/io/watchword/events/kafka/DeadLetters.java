package io.watchword.events.kafka;

import io.watchword.events.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The one way every consumer dead-letters a record it cannot process: the record goes to {@code
 * watchword.dead-letters.v1} unchanged (same key, value and headers, so it can be replayed as is)
 * with why and where from in {@code dead-letter-*} headers. These are the names SmallRye Reactive
 * Messaging's {@code dead-letter-queue} failure strategy writes, so a record dead-lettered by a
 * Quarkus service and one dead-lettered here (client library, Flink job, issuer follower) read the
 * same (decision 0023). Nothing is lost and the partition moves on.
 */
public final class DeadLetters {

    public static final String TOPIC = Topics.DEAD_LETTERS.name();

    /** Every header of the convention starts with this. */
    public static final String PREFIX = "dead-letter-";

    /** Why the record was refused, for a person (the failure's message). */
    public static final String REASON = "dead-letter-reason";
    /** The topic, partition and offset the record was read from. */
    public static final String ORIGINAL_TOPIC = "dead-letter-topic";

    public static final String ORIGINAL_PARTITION = "dead-letter-partition";
    public static final String ORIGINAL_OFFSET = "dead-letter-offset";
    /** Who refused it: the consumer group or service name (SmallRye: added by the service). */
    public static final String CONSUMER = "dead-letter-consumer";
    /** The exception class behind the reason, when there was one. */
    public static final String EXCEPTION = "dead-letter-exception-class-name";
    /** The message of the failure's cause, when it had one (SmallRye writes it too). */
    public static final String CAUSE = "dead-letter-cause";
    /** The class of the failure's cause, when it had one. */
    public static final String CAUSE_EXCEPTION = "dead-letter-cause-class-name";

    /** Reasons are for people and headers are not free: very long messages are cut. */
    static final int MAX_REASON_CHARS = 2000;

    private DeadLetters() {}

    /**
     * The dead-letter record of a consumed record.
     *
     * @param consumer the consumer group (or service) that refused it
     * @param reason why, e.g. the {@link io.watchword.events.InvalidEventException} message
     */
    public static <K, V> ProducerRecord<K, V> of(ConsumerRecord<K, V> record, String consumer, String reason) {
        return build(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                record.value(),
                record.headers(),
                consumer,
                reason,
                null,
                null);
    }

    /** As {@link #of(ConsumerRecord, String, String)}, with the failure as the reason. */
    public static <K, V> ProducerRecord<K, V> of(ConsumerRecord<K, V> record, String consumer, Throwable failure) {
        return build(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                record.value(),
                record.headers(),
                consumer,
                reasonOf(failure),
                failure.getClass().getName(),
                failure.getCause());
    }

    /**
     * The dead-letter record of a record the consumer's own deserializer refused inside {@code
     * poll()}. After sending it, seek to {@code e.offset() + 1} on {@code e.topicPartition()}.
     */
    public static ProducerRecord<byte[], byte[]> of(RecordDeserializationException e, String consumer) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return build(
                e.topicPartition().topic(),
                e.topicPartition().partition(),
                e.offset(),
                bytes(e.keyBuffer()),
                bytes(e.valueBuffer()),
                e.headers(),
                consumer,
                reasonOf(cause),
                cause.getClass().getName(),
                cause.getCause());
    }

    /** The text of a {@code dead-letter-*} (or any) header of a dead-letter record, or null. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static <K, V> ProducerRecord<K, V> build(
            String topic,
            int partition,
            long offset,
            K key,
            V value,
            Headers original,
            String consumer,
            String reason,
            String exception,
            Throwable cause) {
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("name the consumer that refused the record (its group id)");
        }
        List<Header> headers = new ArrayList<>();
        if (original != null) {
            for (Header header : original) {
                // A record dead-lettered twice (by a replay) keeps only the newest dead-letter-* headers.
                if (!header.key().startsWith(PREFIX)) {
                    headers.add(header);
                }
            }
        }
        headers.add(header(REASON, truncate(reason == null || reason.isBlank() ? "no reason given" : reason)));
        headers.add(header(ORIGINAL_TOPIC, topic));
        headers.add(header(ORIGINAL_PARTITION, Integer.toString(partition)));
        headers.add(header(ORIGINAL_OFFSET, Long.toString(offset)));
        headers.add(header(CONSUMER, consumer));
        if (exception != null) {
            headers.add(header(EXCEPTION, exception));
        }
        if (cause != null) {
            headers.add(header(CAUSE, truncate(reasonOf(cause))));
            headers.add(header(CAUSE_EXCEPTION, cause.getClass().getName()));
        }
        return new ProducerRecord<>(TOPIC, null, key, value, headers);
    }

    private static String reasonOf(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS - 1) + "…";
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
