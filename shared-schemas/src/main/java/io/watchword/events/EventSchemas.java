package io.watchword.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas of the event types, as shipped on the classpath under {@code /schemas/v1/}.
 *
 * <p>The schema is the contract: its {@code required} list is what {@link EventSerde} enforces when
 * it writes and reads an event, so a producer cannot publish an event its consumers would refuse.
 */
public final class EventSchemas {

    private static final Map<EventType, Contract> CONTRACTS = load();

    private EventSchemas() {}

    /** The parsed JSON Schema of one event type. */
    public static JsonNode schema(EventType type) {
        return CONTRACTS.get(type).schema();
    }

    /** The properties the schema of this type lists as {@code required}, in schema order. */
    public static List<String> requiredProperties(EventType type) {
        return List.copyOf(CONTRACTS.get(type).required().keySet());
    }

    /**
     * The required properties this event leaves null, in schema order; empty when it is complete.
     */
    public static List<String> missingRequired(WatchwordEvent event) {
        Contract contract = CONTRACTS.get(EventType.of(event));
        List<String> missing = new ArrayList<>(0);
        contract.required().forEach((name, accessor) -> {
            if (value(accessor, event) == null) {
                missing.add(name);
            }
        });
        return missing;
    }

    private static Object value(Method accessor, WatchwordEvent event) {
        try {
            return accessor.invoke(event);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + accessor.getName() + " of " + event, e);
        }
    }

    private static Map<EventType, Contract> load() {
        Map<EventType, Contract> contracts = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            contracts.put(type, contract(type));
        }
        return contracts;
    }

    private static Contract contract(EventType type) {
        JsonNode schema;
        try (InputStream in = EventSchemas.class.getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("schema " + type.schemaResource() + " is not on the classpath");
            }
            schema = EventSerde.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + type.schemaResource(), e);
        }
        Map<String, Method> accessors = new LinkedHashMap<>();
        for (RecordComponent component : type.recordClass().getRecordComponents()) {
            accessors.put(component.getName(), component.getAccessor());
        }
        Map<String, Method> required = new LinkedHashMap<>();
        for (JsonNode name : schema.path("required")) {
            Method accessor = accessors.get(name.asText());
            if (accessor == null) {
                throw new IllegalStateException(type.schemaResource() + " requires '" + name.asText() + "', which "
                        + type.recordClass().getSimpleName() + " does not have");
            }
            required.put(name.asText(), accessor);
        }
        return new Contract(schema, required);
    }

    private record Contract(JsonNode schema, Map<String, Method> required) {}
}
