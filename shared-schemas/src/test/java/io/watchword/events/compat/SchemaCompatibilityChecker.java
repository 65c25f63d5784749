package io.watchword.events.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds the changes from a baseline schema to the current one that would break the contract.
 *
 * <p>Watchword's rule: every event ever published must stay valid under the current schema, and
 * every consumer built against the baseline must still understand what producers now write. So a
 * removed property, a changed {@code type} or {@code format}, a newly {@code required} property, a
 * removed (or newly imposed) {@code enum} value, {@code additionalProperties} turned false, a
 * changed {@code $id} and a removed schema file are breaking; adding optional properties, enum
 * values and schema files is not. Nested schemas (map values, array items) follow the same rules.
 */
public final class SchemaCompatibilityChecker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaCompatibilityChecker() {}

    /** Every breaking change between two directories of {@code *.schema.json} files. */
    public static List<String> compareDirectories(Path baselineDir, Path currentDir) {
        List<String> problems = new ArrayList<>();
        for (String file : schemaFiles(baselineDir)) {
            Path current = currentDir.resolve(file);
            if (!Files.exists(current)) {
                problems.add(file + ": schema file was removed; published events of this type would have"
                        + " no contract (a breaking change needs a new v2 type and topic)");
                continue;
            }
            problems.addAll(compare(file, read(baselineDir.resolve(file)), read(current)));
        }
        return problems;
    }

    /** Every breaking change from {@code baseline} to {@code current}, each naming where and what. */
    public static List<String> compare(String name, JsonNode baseline, JsonNode current) {
        List<String> problems = new ArrayList<>();
        if (!baseline.path("$id").equals(current.path("$id"))) {
            problems.add(name + ": $id changed from " + baseline.path("$id") + " to " + current.path("$id")
                    + " (it is the ce_dataschema consumers match on)");
        }
        compareSchema(name, "", baseline, current, problems);
        return problems;
    }

    private static void compareSchema(String name, String at, JsonNode base, JsonNode cur, List<String> problems) {
        String where = name + (at.isEmpty() ? "" : " at " + at);
        Set<String> baseTypes = types(base);
        Set<String> curTypes = types(cur);
        if (!baseTypes.equals(curTypes)) {
            problems.add(where + ": type changed from " + describe(baseTypes) + " to " + describe(curTypes));
        }
        if (!base.path("format").equals(cur.path("format"))) {
            problems.add(where + ": format changed from " + describeFormat(base) + " to " + describeFormat(cur));
        }
        compareEnum(where, base, cur, problems);
        compareRequired(where, base, cur, problems);
        compareAdditionalProperties(name, at, base, cur, problems);

        JsonNode baseProperties = base.path("properties");
        JsonNode curProperties = cur.path("properties");
        for (Iterator<String> it = baseProperties.fieldNames(); it.hasNext(); ) {
            String property = it.next();
            String path = at + "/properties/" + property;
            if (!curProperties.has(property)) {
                problems.add(name + ": property '" + property + "' was removed (" + path
                        + "); consumers may read it — deprecate it in its description instead");
            } else {
                compareSchema(name, path, baseProperties.get(property), curProperties.get(property), problems);
            }
        }
        if (base.path("items").isObject() && cur.path("items").isObject()) {
            compareSchema(name, at + "/items", base.get("items"), cur.get("items"), problems);
        }
    }

    private static void compareEnum(String where, JsonNode base, JsonNode cur, List<String> problems) {
        if (!cur.has("enum")) {
            return; // no enum (any more) accepts every value the baseline accepted
        }
        if (!base.has("enum")) {
            problems.add(where + ": enum " + cur.get("enum") + " was imposed on a property that accepted any value");
            return;
        }
        Set<String> removed = new TreeSet<>(values(base.get("enum")));
        removed.removeAll(values(cur.get("enum")));
        for (String value : removed) {
            problems.add(where + ": enum value " + value + " was removed; published events may carry it");
        }
    }

    private static void compareRequired(String where, JsonNode base, JsonNode cur, List<String> problems) {
        Set<String> added = new LinkedHashSet<>(values(cur.path("required")));
        added.removeAll(values(base.path("required")));
        for (String property : added) {
            problems.add(where + ": property '" + property + "' is newly required; events published without"
                    + " it would become invalid");
        }
    }

    private static void compareAdditionalProperties(
            String name, String at, JsonNode base, JsonNode cur, List<String> problems) {
        JsonNode baseAdditional = base.path("additionalProperties");
        JsonNode curAdditional = cur.path("additionalProperties");
        boolean baseClosed = baseAdditional.isBoolean() && !baseAdditional.asBoolean();
        boolean curClosed = curAdditional.isBoolean() && !curAdditional.asBoolean();
        if (curClosed && !baseClosed) {
            problems.add(name + (at.isEmpty() ? "" : " at " + at) + ": additionalProperties turned false;"
                    + " producers can no longer add optional properties and consumers must ignore unknown ones");
        } else if (baseAdditional.isObject() && curAdditional.isObject()) {
            compareSchema(name, at + "/additionalProperties", baseAdditional, curAdditional, problems);
        }
    }

    private static Set<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        Set<String> types = new TreeSet<>();
        if (type.isTextual()) {
            types.add(type.asText());
        } else {
            type.forEach(t -> types.add(t.asText()));
        }
        return types;
    }

    private static Set<String> values(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        array.forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
        return values;
    }

    private static String describe(Set<String> types) {
        return types.isEmpty() ? "(any)" : String.join("|", types);
    }

    private static String describeFormat(JsonNode schema) {
        return schema.has("format") ? schema.get("format").asText() : "(none)";
    }

    private static List<String> schemaFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".schema.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
