package io.watchword.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The schemas and the records describe the same contract, and what the serde writes is valid. */
class EventSchemaTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serializedSamplesValidateAgainstTheirSchema(EventType type) throws IOException {
        JsonSchema schema = validator(type);

        for (WatchwordEvent sample : List.of(SampleEvents.full(type), SampleEvents.minimal(type))) {
            JsonNode json = EventSerde.mapper().readTree(EventSerde.serialize(sample));
            assertThat(schema.validate(json)).as(json.toString()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaRefusesAMalformedUuidAndInstant(EventType type) throws IOException {
        JsonSchema schema = validator(type);
        ObjectNode json = EventSerde.mapper().valueToTree(SampleEvents.full(type));
        json.put("occurredAt", "yesterday");
        json.put("eventId", "42");

        Set<ValidationMessage> errors = schema.validate(json);

        assertThat(errors)
                .extracting(ValidationMessage::getInstanceLocation)
                .map(Object::toString)
                .contains("/occurredAt", "/eventId");
    }

    @Test
    void schemaRefusesAnUnknownEnumValueAndAMissingRequiredProperty() throws IOException {
        ObjectNode json = EventSerde.mapper().valueToTree(SampleEvents.full(EventType.CREDENTIAL_REVOCATION_CHANGED));
        json.put("status", "DELETED");
        json.remove("tenantId");

        Set<ValidationMessage> errors =
                validator(EventType.CREDENTIAL_REVOCATION_CHANGED).validate(json);

        assertThat(errors).extracting(ValidationMessage::getType).contains("enum", "required");
    }

    @Test
    void schemaAcceptsPropertiesItDoesNotKnow() throws IOException {
        ObjectNode json = EventSerde.mapper().valueToTree(SampleEvents.full(EventType.API_USAGE_RECORDED));
        json.put("addedByANewerProducer", "fine");

        assertThat(validator(EventType.API_USAGE_RECORDED).validate(json)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaIsIdentifiedByTheCloudEventsDataSchema(EventType type) {
        JsonNode schema = EventSchemas.schema(type);

        assertThat(schema.path("$id").asText()).isEqualTo(type.dataSchema());
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("title").asText()).isEqualTo(type.recordClass().getSimpleName());
        assertThat(schema.path("additionalProperties").asBoolean(false)).isTrue();
        assertThat(schema.path("description").asText()).isNotBlank();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyRecordComponentIsADescribedSchemaProperty(EventType type) {
        JsonNode properties = EventSchemas.schema(type).path("properties");

        for (RecordComponent component : type.recordClass().getRecordComponents()) {
            JsonNode property = properties.path(component.getName());
            assertThat(property.isObject()).as(component.getName()).isTrue();
            assertThat(property.path("description").asText())
                    .as(component.getName())
                    .isNotBlank();
            assertThat(property.path("type").asText()).as(component.getName()).isEqualTo(jsonType(component.getType()));
        }
        assertThat(properties.size()).isEqualTo(type.recordClass().getRecordComponents().length);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void requiredPropertiesAreRecordComponentsAndIncludeEveryPrimitive(EventType type) {
        List<String> components = Arrays.stream(type.recordClass().getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        List<String> primitives = Arrays.stream(type.recordClass().getRecordComponents())
                .filter(c -> c.getType().isPrimitive())
                .map(RecordComponent::getName)
                .toList();

        List<String> required = EventSchemas.requiredProperties(type);

        assertThat(components).containsAll(required);
        assertThat(required).contains("eventId", "occurredAt").containsAll(primitives);
        if (type != EventType.AUDIT_RECORDED && type != EventType.API_USAGE_RECORDED) {
            // Only an audit record and a usage record may lack a tenant: those of a caller whose
            // credential is unknown (could not be authenticated).
            assertThat(required).contains("tenantId");
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void formatsAndEnumsMatchTheJavaTypes(EventType type) {
        JsonNode properties = EventSchemas.schema(type).path("properties");

        for (RecordComponent component : type.recordClass().getRecordComponents()) {
            JsonNode property = properties.path(component.getName());
            Class<?> javaType = component.getType();
            if (javaType == UUID.class) {
                assertThat(property.path("format").asText())
                        .as(component.getName())
                        .isEqualTo("uuid");
            } else if (javaType == Instant.class) {
                assertThat(property.path("format").asText())
                        .as(component.getName())
                        .isEqualTo("date-time");
            } else if (javaType.isEnum()) {
                List<String> schemaValues = new ArrayList<>();
                property.path("enum").forEach(v -> schemaValues.add(v.asText()));
                List<String> javaValues = Arrays.stream(javaType.getEnumConstants())
                        .map(c -> ((Enum<?>) c).name())
                        .toList();
                assertThat(schemaValues).as(component.getName()).containsExactlyElementsOf(javaValues);
            } else {
                assertThat(property.has("format")).as(component.getName()).isFalse();
            }
        }
    }

    private static String jsonType(Class<?> javaType) {
        if (javaType == int.class || javaType == long.class || javaType == Integer.class || javaType == Long.class) {
            return "integer";
        }
        if (javaType == double.class || javaType == float.class) {
            return "number";
        }
        if (javaType == boolean.class) {
            return "boolean";
        }
        if (List.class.isAssignableFrom(javaType)) {
            return "array";
        }
        if (java.util.Map.class.isAssignableFrom(javaType)) {
            return "object";
        }
        return "string";
    }

    private static JsonSchema validator(EventType type) throws IOException {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream(type.schemaResource())) {
            return FACTORY.getSchema(in, CONFIG);
        }
    }
}
