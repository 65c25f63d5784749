package io.watchword.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventType;
import io.watchword.events.SampleEvents;
import io.watchword.events.Topics;
import io.watchword.events.WatchwordEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EventRecordsTest {

    @Test
    void tombstoneRemovesOneKeyFromTheRevocationsTopic() {
        ProducerRecord<String, byte[]> tombstone = EventRecords.tombstone(Topics.REVOCATIONS, "tok_1");

        assertThat(tombstone.topic()).isEqualTo("watchword.revocations.v1");
        assertThat(tombstone.key()).isEqualTo("tok_1");
        assertThat(tombstone.value()).isNull();
        assertThat(EventRecords.read(KafkaAdapterRoundTripTest.consumed(tombstone)))
                .isNull();
    }

    @Test
    void tombstoneOnADeleteTopicIsRefused() {
        assertThatThrownBy(() -> EventRecords.tombstone(Topics.USAGE, "key_1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("watchword.usage.v1 is not compacted");
    }

    @Test
    void serializerConfiguredAsKeySerializerSaysWhatToUseInstead() {
        assertThatThrownBy(() -> new EventSerializer().configure(java.util.Map.of(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StringSerializer");
    }

    @Test
    void auditOfAnUnauthenticatedCallerHasNoKeyNoSubjectAndNoTenantHeader() {
        WatchwordEvent anonymous = SampleEvents.minimal(EventType.AUDIT_RECORDED);

        ProducerRecord<String, byte[]> record = EventRecords.toProducerRecord(anonymous, "/watchword/issuer-service");

        assertThat(record.key()).isNull();
        assertThat(record.headers().lastHeader(CloudEventHeaders.SUBJECT)).isNull();
        assertThat(record.headers().lastHeader(CloudEventHeaders.TENANT)).isNull();
        assertThat(EventRecords.read(KafkaAdapterRoundTripTest.consumed(record)))
                .isEqualTo(anonymous);
    }
}
