package io.watchword.events.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventType;
import io.watchword.events.InvalidEventException;
import io.watchword.events.SampleEvents;
import io.watchword.events.Topics;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.events.kafka.EventDeserializer;
import io.watchword.events.kafka.EventRecords;
import io.watchword.testsupport.Infrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A bad record on a real broker is dead-lettered with its reason, and the partition moves on. */
class DeadLettersOnBrokerTest {

    private static final byte[] GARBAGE = "{not json".getBytes(StandardCharsets.UTF_8);

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Test
    void badRecordIsDeadLetteredUnchangedWithItsReasonAndTheNextRecordIsRead() throws Exception {
        String key = "key_bad_" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = BrokerRecords.producer(infrastructure)) {
            producer.send(badUsageRecord(key)).get();

            for (ConsumerRecord<String, byte[]> record : BrokerRecords.readAll(infrastructure, Topics.USAGE.name())) {
                if (key.equals(record.key())) {
                    try {
                        EventRecords.read(record);
                    } catch (InvalidEventException e) {
                        producer.send(DeadLetters.of(record, "kafka-it", e)).get();
                    }
                }
            }
        }

        ConsumerRecord<String, byte[]> letter = BrokerRecords.readAll(infrastructure, DeadLetters.TOPIC).stream()
                .filter(r -> key.equals(r.key()))
                .findFirst()
                .orElseThrow();
        assertThat(letter.value()).isEqualTo(GARBAGE);
        assertThat(DeadLetters.header(letter.headers(), CloudEventHeaders.TYPE))
                .isEqualTo("io.watchword.usage.recorded.v1");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON))
                .startsWith("not a valid ApiUsageRecorded: malformed JSON");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.ORIGINAL_TOPIC))
                .isEqualTo("watchword.usage.v1");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.CONSUMER)).isEqualTo("kafka-it");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.EXCEPTION))
                .isEqualTo(InvalidEventException.class.getName());
    }

    @Test
    void recordRefusedByTheConfiguredDeserializerIsDeadLetteredAndSkipped() throws Exception {
        String key = "key_poll_" + UUID.randomUUID();
        WatchwordEvent good = SampleEvents.minimal(EventType.API_USAGE_RECORDED);
        try (KafkaProducer<String, byte[]> producer = BrokerRecords.producer(infrastructure)) {
            // Same key, so both land on one partition: the good one is behind the bad one.
            producer.send(badUsageRecord(key)).get();
            ProducerRecord<String, byte[]> next = EventRecords.toProducerRecord(good, "/kafka-it");
            producer.send(new ProducerRecord<>(next.topic(), null, key, next.value(), next.headers()))
                    .get();
        }

        List<ProducerRecord<byte[], byte[]>> letters = new ArrayList<>();
        List<WatchwordEvent> read = new ArrayList<>();
        Properties properties = BrokerRecords.consumerProperties(infrastructure);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventDeserializer.class.getName());
        try (KafkaConsumer<String, WatchwordEvent> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = BrokerRecords.assignFromBeginning(consumer, Topics.USAGE.name());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + BrokerRecords.timeout().toNanos();
            while (!BrokerRecords.reached(consumer, partitions, end) && System.nanoTime() < deadline) {
                try {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                        if (key.equals(r.key())) {
                            read.add(r.value());
                        }
                    });
                } catch (RecordDeserializationException e) {
                    ProducerRecord<byte[], byte[]> letter = DeadLetters.of(e, "kafka-it");
                    if (key.equals(new String(letter.key(), StandardCharsets.UTF_8))) {
                        letters.add(letter);
                    }
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        }

        assertThat(read).containsExactly(good);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.value()).isEqualTo(GARBAGE);
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON)).contains("malformed JSON");
        });
    }

    private static ProducerRecord<String, byte[]> badUsageRecord(String key) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, "io.watchword.usage.recorded.v1".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.USAGE.name(), null, key, GARBAGE, headers);
    }
}
