package io.watchword.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.events.Topics;
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
}
