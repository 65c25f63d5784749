package io.watchword.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventSerdeRoundTripTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void fullSampleReadsBackEqualToItself(EventType type) {
        WatchwordEvent event = SampleEvents.full(type);

        byte[] json = EventSerde.serialize(event);

        assertThat(EventSerde.deserialize(json, type.recordClass())).isEqualTo(event);
        assertThat(EventSerde.deserialize(json, type.cloudEventType())).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void minimalSampleReadsBackEqualToItself(EventType type) {
        WatchwordEvent event = SampleEvents.minimal(type);

        assertThat(EventSerde.deserialize(EventSerde.serialize(event), type.recordClass()))
                .isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeHasSamplesOfItsOwnRecord(EventType type) {
        assertThat(SampleEvents.full(type)).isInstanceOf(type.recordClass());
        assertThat(SampleEvents.minimal(type)).isInstanceOf(type.recordClass());
        assertThat(EventType.of(SampleEvents.full(type))).isEqualTo(type);
    }
}
