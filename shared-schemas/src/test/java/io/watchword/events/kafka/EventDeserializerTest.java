package io.watchword.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventType;
import io.watchword.events.InvalidEventException;
import io.watchword.events.SampleEvents;
import io.watchword.events.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventDeserializerTest {

    private final EventDeserializer deserializer = new EventDeserializer();

    @Test
    void recordWithoutTypeHeaderIsRefusedWithTheReason() {
        byte[] json = record(EventType.ANOMALY_DETECTED).value();

        assertThatThrownBy(() -> deserializer.deserialize(Topics.ALERTS.name(), new RecordHeaders(), json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("has no ce_type header");
    }

    @Test
    void unknownTypeHeaderListsTheKnownTypes() {
        ProducerRecord<String, byte[]> record = record(EventType.ANOMALY_DETECTED);
        Headers headers = record.headers();
        headers.remove(CloudEventHeaders.TYPE);
        headers.add(CloudEventHeaders.TYPE, "com.example.other".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> deserializer.deserialize(Topics.ALERTS.name(), headers, record.value()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("unknown event type ce_type='com.example.other' on watchword.alerts.v1")
                .hasMessageContaining("io.watchword.anomaly.detected.v1");
    }

    @Test
    void malformedValueIsAnInvalidEvent() {
        ProducerRecord<String, byte[]> record = record(EventType.API_USAGE_RECORDED);

        assertThatThrownBy(() -> deserializer.deserialize(
                        Topics.USAGE.name(), record.headers(), "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not a valid ApiUsageRecorded");
    }

    @Test
    void eventOnAnotherSuiteTopicIsRefused() {
        ProducerRecord<String, byte[]> record = record(EventType.CREDENTIAL_ISSUED);

        assertThatThrownBy(() -> deserializer.deserialize(Topics.REVOCATIONS.name(), record.headers(), record.value()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("io.watchword.credential.issued.v1 belongs on watchword.credentials.v1,"
                        + " not on watchword.revocations.v1");
    }

    @Test
    void deadLetteredAndTestTopicsReadAnyType() {
        ProducerRecord<String, byte[]> record = record(EventType.CREDENTIAL_ISSUED);

        assertThat(deserializer.deserialize(Topics.DEAD_LETTERS.name(), record.headers(), record.value()))
                .isEqualTo(SampleEvents.full(EventType.CREDENTIAL_ISSUED));
        assertThat(deserializer.deserialize("it-credentials-42", record.headers(), record.value()))
                .isEqualTo(SampleEvents.full(EventType.CREDENTIAL_ISSUED));
    }

    private static ProducerRecord<String, byte[]> record(EventType type) {
        return EventRecords.toProducerRecord(SampleEvents.full(type), "/watchword/test");
    }
}
