package io.watchword.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The one JSON serializer and deserializer of every Watchword event, used by every producer and
 * consumer (Quarkus services, the client library and the Flink job alike).
 *
 * <p>Readers ignore properties they do not know, so a producer may add optional fields without
 * breaking older consumers (the backward-compatibility rule the schema check enforces).
 * Thread-safe.
 */
public final class EventSerde {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventSerde() {}

    /**
     * Writes an event as JSON.
     *
     * @throws IllegalArgumentException if the event leaves a property its schema requires null: a
     *     consumer would refuse it, so it must not be published
     */
    public static byte[] serialize(WatchwordEvent event) {
        List<String> missing = EventSchemas.missingRequired(event);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(event.getClass().getSimpleName() + " lacks required " + describe(missing)
                    + " (see " + EventType.of(event).schemaResource() + ")");
        }
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serialize " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads an event of a known type.
     *
     * @throws InvalidEventException if the bytes are not a valid event of that type
     */
    public static <T extends WatchwordEvent> T deserialize(byte[] json, Class<T> type) {
        if (json == null) {
            throw new InvalidEventException("empty record value where a " + type.getSimpleName() + " was expected");
        }
        try {
            T event = MAPPER.readValue(json, type);
            if (event == null) {
                throw new InvalidEventException(
                        "record value is JSON null where a " + type.getSimpleName() + " was expected");
            }
            List<String> missing = EventSchemas.missingRequired(event);
            if (!missing.isEmpty()) {
                throw new InvalidEventException(type.getSimpleName() + " lacks required " + describe(missing));
            }
            return event;
        } catch (JsonMappingException e) {
            throw new InvalidEventException("not a valid " + type.getSimpleName() + at(e) + ": " + problem(e), e);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(
                    "not a valid " + type.getSimpleName() + ": malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidEventException("unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Reads an event whose type is named by its CloudEvents {@code ce_type} header. */
    public static WatchwordEvent deserialize(byte[] json, String cloudEventType) {
        EventType type = EventType.fromCloudEventType(cloudEventType)
                .orElseThrow(() -> new InvalidEventException("unknown event type '" + cloudEventType + "'"));
        return deserialize(json, type.recordClass());
    }

    private static String describe(List<String> missing) {
        return (missing.size() == 1 ? "property " : "properties ") + String.join(", ", missing);
    }

    private static String problem(JsonMappingException e) {
        if (e.getCause() instanceof StreamReadException parse) {
            return "malformed JSON: " + parse.getOriginalMessage();
        }
        if (e instanceof InvalidFormatException format
                && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            // Jackson lists enum values in hash order; people expect declaration order.
            StringBuilder accepted = new StringBuilder();
            for (Object constant : format.getTargetType().getEnumConstants()) {
                accepted.append(accepted.length() == 0 ? "" : ", ").append(((Enum<?>) constant).name());
            }
            return "'" + format.getValue() + "' is not one of " + accepted;
        }
        return e.getOriginalMessage();
    }

    /** " at field 'a.b[2]'" for errors inside the document, so the producer knows what to fix. */
    private static String at(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " at '" + path + "'";
    }

    /** The mapper behind the serde, for tests and schema validation; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
