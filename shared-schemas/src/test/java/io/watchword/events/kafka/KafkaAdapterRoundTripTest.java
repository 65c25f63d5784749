package io.watchword.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.EventType;
import io.watchword.events.SampleEvents;
import io.watchword.events.WatchwordEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KafkaAdapterRoundTripTest {

    private static final String SOURCE = "/watchword/test";

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serializerAndDeserializerRoundTripEveryType(EventType type) {
        WatchwordEvent event = SampleEvents.full(type);
        Headers headers = new RecordHeaders();

        try (EventSerializer serializer = new EventSerializer();
                EventDeserializer deserializer = new EventDeserializer()) {
            serializer.configure(Map.of(EventSerializer.SOURCE_CONFIG, SOURCE), false);
            byte[] value = serializer.serialize(type.topic().name(), headers, event);

            assertThat(deserializer.deserialize(type.topic().name(), headers, value))
                    .isEqualTo(event);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serializerAddsEveryCloudEventsAttribute(EventType type) {
        WatchwordEvent event = SampleEvents.full(type);
        Headers headers = new RecordHeaders();

        new EventSerializer(SOURCE).serialize(type.topic().name(), headers, event);

        assertThat(text(headers, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(text(headers, CloudEventHeaders.ID))
                .isEqualTo(event.eventId().toString());
        assertThat(text(headers, CloudEventHeaders.SOURCE)).isEqualTo(SOURCE);
        assertThat(text(headers, CloudEventHeaders.TYPE)).isEqualTo(type.cloudEventType());
        assertThat(text(headers, CloudEventHeaders.TIME)).isEqualTo("2026-11-25T08:15:30.123456Z");
        assertThat(text(headers, CloudEventHeaders.SUBJECT)).isEqualTo(event.subject());
        assertThat(text(headers, CloudEventHeaders.DATA_SCHEMA)).isEqualTo(type.dataSchema());
        assertThat(text(headers, CloudEventHeaders.TENANT)).isEqualTo(event.tenantId());
        assertThat(text(headers, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serializingTwiceLeavesOneValuePerHeader(EventType type) {
        Headers headers = new RecordHeaders();
        EventSerializer serializer = new EventSerializer(SOURCE);

        serializer.serialize(type.topic().name(), headers, SampleEvents.full(type));
        serializer.serialize(type.topic().name(), headers, SampleEvents.full(type));

        assertThat(headers.headers(CloudEventHeaders.ID)).hasSize(1);
        assertThat(headers.toArray()).hasSize(9);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void producerRecordCarriesTopicKeyJsonAndHeadersAndReadsBack(EventType type) {
        WatchwordEvent event = SampleEvents.full(type);

        ProducerRecord<String, byte[]> record = EventRecords.toProducerRecord(event, SOURCE);

        assertThat(record.topic()).isEqualTo(type.topic().name());
        assertThat(record.key()).isEqualTo(event.partitionKey());
        assertThat(record.value()).isEqualTo(EventSerde.serialize(event));
        assertThat(text(record.headers(), CloudEventHeaders.TYPE)).isEqualTo(type.cloudEventType());
        assertThat(EventRecords.read(consumed(record))).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void binaryProducerRecordCarriesTheSameKeyAsUtf8(EventType type) {
        WatchwordEvent event = SampleEvents.full(type);

        ProducerRecord<byte[], byte[]> record = EventRecords.toBinaryProducerRecord(event, SOURCE);

        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.partitionKey());
        assertThat(record.topic()).isEqualTo(type.topic().name());
        assertThat(text(record.headers(), CloudEventHeaders.TYPE)).isEqualTo(type.cloudEventType());
        assertThat(EventSerde.deserialize(record.value(), type.recordClass())).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void nullValueIsATombstoneBothWays(EventType type) {
        assertThat(new EventSerializer(SOURCE).serialize(type.topic().name(), new RecordHeaders(), null))
                .isNull();
        assertThat(new EventDeserializer().deserialize(type.topic().name(), new RecordHeaders(), (byte[]) null))
                .isNull();
    }

    static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        return new ConsumerRecord<>(
                record.topic(),
                2,
                41L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                record.value() == null ? 0 : record.value().length,
                record.key(),
                record.value(),
                record.headers(),
                Optional.empty());
    }

    static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
