package io.watchword.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.InvalidEventException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RecordDeserializationException.DeserializationExceptionOrigin;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final byte[] GARBAGE = "{not json".getBytes(StandardCharsets.UTF_8);

    @Test
    void deadLetterKeepsKeyValueAndHeadersAndSaysWhyAndWhereFrom() {
        ConsumerRecord<String, byte[]> bad = consumed("key_1", GARBAGE);

        ProducerRecord<String, byte[]> dead = DeadLetters.of(bad, "anomaly-detector", "not a valid ApiUsageRecorded");

        assertThat(dead.topic()).isEqualTo("watchword.dead-letters.v1");
        assertThat(dead.key()).isEqualTo("key_1");
        assertThat(dead.value()).isEqualTo(GARBAGE);
        assertThat(DeadLetters.header(dead.headers(), CloudEventHeaders.TYPE))
                .isEqualTo("io.watchword.usage.recorded.v1");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).isEqualTo("not a valid ApiUsageRecorded");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.ORIGINAL_TOPIC))
                .isEqualTo("watchword.usage.v1");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.ORIGINAL_PARTITION))
                .isEqualTo("3");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.ORIGINAL_OFFSET))
                .isEqualTo("1234");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.CONSUMER)).isEqualTo("anomaly-detector");
    }

    @Test
    void failureGivesReasonAndExceptionClass() {
        ProducerRecord<String, byte[]> dead = DeadLetters.of(
                consumed("key_1", GARBAGE), "usage-analytics", new InvalidEventException("lacks eventId"));

        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).isEqualTo("lacks eventId");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.EXCEPTION))
                .isEqualTo(InvalidEventException.class.getName());
    }

    @Test
    void headerNamesAreTheOnesSmallRyesDeadLetterQueueWrites() {
        // One convention for every writer: a Quarkus service's connector and this class (0023).
        assertThat(DeadLetters.REASON).isEqualTo("dead-letter-reason");
        assertThat(DeadLetters.CAUSE).isEqualTo("dead-letter-cause");
        assertThat(DeadLetters.EXCEPTION).isEqualTo("dead-letter-exception-class-name");
        assertThat(DeadLetters.CAUSE_EXCEPTION).isEqualTo("dead-letter-cause-class-name");
        assertThat(DeadLetters.ORIGINAL_TOPIC).isEqualTo("dead-letter-topic");
        assertThat(DeadLetters.ORIGINAL_PARTITION).isEqualTo("dead-letter-partition");
        assertThat(DeadLetters.ORIGINAL_OFFSET).isEqualTo("dead-letter-offset");
        assertThat(DeadLetters.CONSUMER).isEqualTo("dead-letter-consumer");
    }

    @Test
    void failureWithACauseGivesTheCauseAsSmallRyeDoes() {
        ProducerRecord<String, byte[]> dead = DeadLetters.of(
                consumed("key_1", GARBAGE),
                "usage-analytics",
                new IllegalStateException("database error", new IllegalArgumentException("value too long")));

        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).isEqualTo("database error");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.CAUSE)).isEqualTo("value too long");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.CAUSE_EXCEPTION))
                .isEqualTo(IllegalArgumentException.class.getName());
    }

    @Test
    void deadLetteringADeadLetterAgainKeepsOnlyTheNewestReason() {
        ProducerRecord<String, byte[]> first = DeadLetters.of(consumed("key_1", GARBAGE), "a", "first");
        ConsumerRecord<String, byte[]> replayed = new ConsumerRecord<>(
                "watchword.usage.v1",
                0,
                7L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                first.key(),
                first.value(),
                first.headers(),
                Optional.empty());

        ProducerRecord<String, byte[]> second = DeadLetters.of(replayed, "b", "second");

        assertThat(second.headers().headers(DeadLetters.REASON)).hasSize(1);
        assertThat(DeadLetters.header(second.headers(), DeadLetters.REASON)).isEqualTo("second");
        assertThat(DeadLetters.header(second.headers(), DeadLetters.ORIGINAL_OFFSET))
                .isEqualTo("7");
    }

    @Test
    void veryLongReasonIsCut() {
        ProducerRecord<String, byte[]> dead = DeadLetters.of(consumed("k", GARBAGE), "c", "x".repeat(10_000));

        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).hasSize(DeadLetters.MAX_REASON_CHARS);
    }

    @Test
    void recordRefusedInsidePollIsDeadLetteredFromTheException() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, "io.watchword.usage.recorded.v1".getBytes(StandardCharsets.UTF_8));
        RecordDeserializationException e = new RecordDeserializationException(
                DeserializationExceptionOrigin.VALUE,
                new TopicPartition("watchword.usage.v1", 5),
                99L,
                0L,
                TimestampType.CREATE_TIME,
                ByteBuffer.wrap("key_9".getBytes(StandardCharsets.UTF_8)),
                ByteBuffer.wrap(GARBAGE),
                headers,
                "Error deserializing VALUE",
                new InvalidEventException("not a valid ApiUsageRecorded: malformed JSON"));

        ProducerRecord<byte[], byte[]> dead = DeadLetters.of(e, "usage-analytics");

        assertThat(dead.key()).isEqualTo("key_9".getBytes(StandardCharsets.UTF_8));
        assertThat(dead.value()).isEqualTo(GARBAGE);
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON))
                .isEqualTo("not a valid ApiUsageRecorded: malformed JSON");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.ORIGINAL_PARTITION))
                .isEqualTo("5");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.ORIGINAL_OFFSET))
                .isEqualTo("99");
        assertThat(DeadLetters.header(dead.headers(), CloudEventHeaders.TYPE))
                .isEqualTo("io.watchword.usage.recorded.v1");
    }

    private static ConsumerRecord<String, byte[]> consumed(String key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, "io.watchword.usage.recorded.v1".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(
                "watchword.usage.v1",
                3,
                1234L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                value.length,
                key,
                value,
                headers,
                Optional.empty());
    }
}
