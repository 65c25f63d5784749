package io.watchword.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchword.events.v1.AnomalyDetected;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Events are plain JSON any language reads: no class names, no numeric timestamps, no binary. */
class PlainJsonTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serializedEventNamesNoJavaClass(EventType type) {
        String json = new String(EventSerde.serialize(SampleEvents.full(type)), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("io.watchword", "@class", "@type", "java.");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void instantsAreIso8601StringsInUtc(EventType type) throws IOException {
        JsonNode json = EventSerde.mapper().readTree(EventSerde.serialize(SampleEvents.full(type)));

        assertThat(json.get("occurredAt").isTextual()).isTrue();
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-11-25T08:15:30.123456Z");
        assertThat(json.get("eventId").asText())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventIsPlainJsonOfPrimitivesStringListsStringMapsAndListsOfFlatObjects(EventType type)
            throws IOException {
        // Flat enough for kcat, jq and a SQL JSON column: nested objects appear only as list
        // elements (an alert's findings and samples), and those are flat themselves.
        JsonNode json = EventSerde.mapper().readTree(EventSerde.serialize(SampleEvents.full(type)));

        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isArray()) {
                value.forEach(element -> assertFlat(field.getKey(), element));
            } else if (value.isObject()) {
                value.forEach(element ->
                        assertThat(element.isTextual()).as(field.getKey()).isTrue());
            } else {
                assertThat(value.isValueNode()).as(field.getKey()).isTrue();
            }
        }
    }

    private static void assertFlat(String name, JsonNode element) {
        if (!element.isObject()) {
            assertThat(element.isTextual()).as(name).isTrue();
            return;
        }
        element.fields().forEachRemaining(member -> {
            JsonNode value = member.getValue();
            if (value.isObject()) {
                value.forEach(inner -> assertThat(inner.isTextual())
                        .as(name + "." + member.getKey())
                        .isTrue());
            } else {
                assertThat(value.isValueNode()).as(name + "." + member.getKey()).isTrue();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void absentOptionalPropertiesAreLeftOutNotWrittenAsNull(EventType type) {
        String json = new String(EventSerde.serialize(SampleEvents.minimal(type)), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("null");
    }

    @org.junit.jupiter.api.Test
    void enumsAndNumbersAreWrittenAsTheirNamesAndValues() throws IOException {
        JsonNode json =
                EventSerde.mapper().readTree(EventSerde.serialize(SampleEvents.full(EventType.ANOMALY_DETECTED)));

        assertThat(json.get("severity").asText()).isEqualTo("HIGH");
        assertThat(json.get("score").doubleValue()).isEqualTo(7.25);
        assertThat(json.get("windowStart").asText()).isEqualTo("2026-11-25T08:14:30.123456Z");
        assertThat(EventSerde.deserialize(
                                EventSerde.serialize(SampleEvents.full(EventType.ANOMALY_DETECTED)),
                                AnomalyDetected.class)
                        .evidence())
                .containsEntry("observedPerMinute", "588");
    }
}
