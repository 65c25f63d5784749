package io.watchword.events.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventType;
import io.watchword.events.SampleEvents;
import io.watchword.events.TopicSpec;
import io.watchword.events.Topics;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.kafka.EventSerializer;
import io.watchword.testsupport.Infrastructure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What a producer writes with the adapters, a consumer on a real broker reads back as it was. */
class EventRecordsOnBrokerTest {

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Test
    void everySampleReadsBackEqualWithKeyAndHeadersFromTheBroker() throws Exception {
        String source = "/kafka-it/" + UUID.randomUUID();
        List<WatchwordEvent> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = BrokerRecords.producer(infrastructure)) {
            for (EventType type : EventType.values()) {
                for (WatchwordEvent event : List.of(SampleEvents.full(type), SampleEvents.minimal(type))) {
                    producer.send(EventRecords.toProducerRecord(event, source)).get();
                    sent.add(event);
                }
            }
        }

        List<WatchwordEvent> received = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : BrokerRecords.readAll(infrastructure, suiteTopics())) {
            if (record.value() != null && source.equals(header(record, CloudEventHeaders.SOURCE))) {
                WatchwordEvent event = EventRecords.read(record);
                assertThat(record.key()).isEqualTo(event.partitionKey());
                assertThat(record.topic()).isEqualTo(EventType.of(event).topic().name());
                assertThat(header(record, CloudEventHeaders.ID))
                        .isEqualTo(event.eventId().toString());
                received.add(event);
            }
        }

        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void serializerConfiguredByClassNameWritesTheConfiguredSource() throws Exception {
        String source = "/kafka-it/configured/" + UUID.randomUUID();
        Properties properties = BrokerRecords.producerProperties(infrastructure);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
        properties.put(EventSerializer.SOURCE_CONFIG, source);
        WatchwordEvent alert = SampleEvents.full(EventType.ANOMALY_DETECTED);

        try (KafkaProducer<String, WatchwordEvent> producer = new KafkaProducer<>(properties)) {
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.partitionKey(), alert))
                    .get();
        }

        ConsumerRecord<String, byte[]> record = BrokerRecords.readAll(infrastructure, Topics.ALERTS.name()).stream()
                .filter(r -> source.equals(header(r, CloudEventHeaders.SOURCE)))
                .findFirst()
                .orElseThrow();
        assertThat(EventRecords.read(record)).isEqualTo(alert);
        assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("io.watchword.anomaly.detected.v1");
    }

    @Test
    void tombstoneOnTheRevocationsTopicReadsAsNull() throws Exception {
        String key = "tok_" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = BrokerRecords.producer(infrastructure)) {
            producer.send(EventRecords.tombstone(Topics.REVOCATIONS, key)).get();
        }

        ConsumerRecord<String, byte[]> record =
                BrokerRecords.readAll(infrastructure, Topics.REVOCATIONS.name()).stream()
                        .filter(r -> key.equals(r.key()))
                        .findFirst()
                        .orElseThrow();
        assertThat(EventRecords.read(record)).isNull();
    }

    private static String[] suiteTopics() {
        return Topics.ALL.stream()
                .filter(t -> t != Topics.DEAD_LETTERS)
                .map(TopicSpec::name)
                .toArray(String[]::new);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
