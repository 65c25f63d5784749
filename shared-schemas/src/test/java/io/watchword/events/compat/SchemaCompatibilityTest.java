package io.watchword.events.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.EventType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build fails on a backward-incompatible schema change. To evolve a schema compatibly, change
 * it and copy it over its baseline in the same commit (see shared-schemas/README.md).
 */
class SchemaCompatibilityTest {

    private static final String UPDATE_BASELINE =
            "cp shared-schemas/src/main/resources/schemas/v1/*.schema.json shared-schemas/src/test/resources/schema-baseline/v1/";

    @Test
    void currentSchemasAreBackwardCompatibleWithTheBaseline() throws URISyntaxException {
        List<String> problems = SchemaCompatibilityChecker.compareDirectories(baseline(), current());

        assertThat(problems)
                .as("breaking schema changes; keep v1 compatible or add a v2 event type and topic")
                .isEmpty();
    }

    @Test
    void baselineIsRefreshedWithEveryCompatibleChange() throws URISyntaxException, IOException {
        List<String> stale = new ArrayList<>();
        try (Stream<Path> files = Files.list(current())) {
            for (Path file : files.toList()) {
                Path base = baseline().resolve(file.getFileName());
                if (!Files.exists(base)
                        || !SchemaCompatibilityChecker.read(base).equals(SchemaCompatibilityChecker.read(file))) {
                    stale.add(file.getFileName().toString());
                }
            }
        }

        assertThat(stale)
                .as("schemas changed without refreshing the baseline; if the change is compatible run: "
                        + UPDATE_BASELINE)
                .isEmpty();
    }

    @Test
    void everyEventTypeHasABaseline() throws URISyntaxException {
        for (EventType type : EventType.values()) {
            String file = Path.of(type.schemaResource()).getFileName().toString();
            assertThat(baseline().resolve(file)).as(type.name()).exists();
        }
    }

    private static Path baseline() throws URISyntaxException {
        return Path.of(
                SchemaCompatibilityTest.class.getResource("/schema-baseline/v1").toURI());
    }

    private static Path current() throws URISyntaxException {
        return Path.of(SchemaCompatibilityTest.class.getResource("/schemas/v1").toURI());
    }
}
