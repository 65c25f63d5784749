package io.watchword.events.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker itself, on synthetic baseline/current pairs. */
class SchemaCompatibilityCheckerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String BASELINE = """
            {
              "$id": "urn:watchword:schema:io.example.thing.v1",
              "type": "object",
              "properties": {
                "eventId": {"type": "string", "format": "uuid"},
                "status": {"type": "string", "enum": ["ON", "OFF"]},
                "note": {"type": "string"},
                "count": {"type": "integer"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}}
              },
              "required": ["eventId", "status"],
              "additionalProperties": true
            }
            """;

    @Test
    void identicalSchemaIsCompatible() {
        assertThat(check(current())).isEmpty();
    }

    @Test
    void addingAnOptionalPropertyIsCompatible() {
        ObjectNode current = current();
        properties(current).putObject("region").put("type", "string");

        assertThat(check(current)).isEmpty();
    }

    @Test
    void addingAnEnumValueIsCompatible() {
        ObjectNode current = current();
        ((ArrayNode) property(current, "status").get("enum")).add("PAUSED");

        assertThat(check(current)).isEmpty();
    }

    @Test
    void relaxingRequiredOrDroppingAnEnumIsCompatible() {
        ObjectNode current = current();
        current.putArray("required").add("eventId");
        property(current, "status").remove("enum");

        assertThat(check(current)).isEmpty();
    }

    @Test
    void removedPropertyIsBreaking() {
        ObjectNode current = current();
        properties(current).remove("note");

        assertThat(check(current))
                .singleElement()
                .asString()
                .startsWith("Thing.schema.json: property 'note' was removed (/properties/note)");
    }

    @Test
    void changedTypeIsBreaking() {
        ObjectNode current = current();
        property(current, "count").put("type", "string");

        assertThat(check(current))
                .containsExactly("Thing.schema.json at /properties/count: type changed from integer to string");
    }

    @Test
    void changedOrAddedFormatIsBreaking() {
        ObjectNode current = current();
        property(current, "eventId").put("format", "uri");
        property(current, "note").put("format", "date-time");

        assertThat(check(current))
                .containsExactly(
                        "Thing.schema.json at /properties/eventId: format changed from uuid to uri",
                        "Thing.schema.json at /properties/note: format changed from (none) to date-time");
    }

    @Test
    void newlyRequiredPropertyIsBreaking() {
        ObjectNode current = current();
        ((ArrayNode) current.get("required")).add("note");

        assertThat(check(current))
                .singleElement()
                .asString()
                .startsWith("Thing.schema.json: property 'note' is newly required");
    }

    @Test
    void removedEnumValueIsBreaking() {
        ObjectNode current = current();
        property(current, "status").putArray("enum").add("ON");

        assertThat(check(current))
                .singleElement()
                .asString()
                .startsWith("Thing.schema.json at /properties/status: enum value OFF was removed");
    }

    @Test
    void imposingAnEnumIsBreaking() {
        ObjectNode current = current();
        property(current, "note").putArray("enum").add("a");

        assertThat(check(current)).singleElement().asString().contains("enum [\"a\"] was imposed");
    }

    @Test
    void additionalPropertiesTurnedFalseIsBreaking() {
        ObjectNode current = current();
        current.put("additionalProperties", false);

        assertThat(check(current))
                .singleElement()
                .asString()
                .startsWith("Thing.schema.json: additionalProperties turned false");
    }

    @Test
    void changedIdIsBreaking() {
        ObjectNode current = current();
        current.put("$id", "urn:watchword:schema:io.example.thing.v2");

        assertThat(check(current)).singleElement().asString().startsWith("Thing.schema.json: $id changed");
    }

    @Test
    void nestedMapValuesAndArrayItemsAreChecked() {
        ObjectNode current = current();
        ((ObjectNode) property(current, "labels").get("additionalProperties")).put("type", "integer");
        ((ObjectNode) property(current, "tags").get("items")).put("type", "number");

        assertThat(check(current))
                .containsExactly(
                        "Thing.schema.json at /properties/tags/items: type changed from string to number",
                        "Thing.schema.json at /properties/labels/additionalProperties: type changed from string to integer");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        ObjectNode current = current();
        properties(current).remove("note");
        property(current, "count").put("type", "number");
        current.put("additionalProperties", false);

        assertThat(check(current)).hasSize(3);
    }

    @Test
    void removedSchemaFileIsBreakingAndANewOneIsNot(@TempDir Path dir) throws IOException {
        Path baseline = Files.createDirectories(dir.resolve("baseline"));
        Path current = Files.createDirectories(dir.resolve("current"));
        Files.writeString(baseline.resolve("Thing.schema.json"), BASELINE);
        Files.writeString(baseline.resolve("Gone.schema.json"), BASELINE);
        Files.writeString(current.resolve("Thing.schema.json"), BASELINE);
        Files.writeString(current.resolve("New.schema.json"), BASELINE);

        List<String> problems = SchemaCompatibilityChecker.compareDirectories(baseline, current);

        assertThat(problems).singleElement().asString().startsWith("Gone.schema.json: schema file was removed");
    }

    private static List<String> check(JsonNode current) {
        return SchemaCompatibilityChecker.compare("Thing.schema.json", baseline(), current);
    }

    private static JsonNode baseline() {
        return current();
    }

    private static ObjectNode current() {
        try {
            return (ObjectNode) JSON.readTree(BASELINE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode properties(ObjectNode schema) {
        return (ObjectNode) schema.get("properties");
    }

    private static ObjectNode property(ObjectNode schema, String name) {
        return (ObjectNode) properties(schema).get(name);
    }
}
