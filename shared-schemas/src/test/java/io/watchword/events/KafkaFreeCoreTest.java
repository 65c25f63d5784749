package io.watchword.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * kafka-clients is a provided dependency: only {@code io.watchword.events.kafka} may use it, so the
 * records, the serde and the topic catalogue work on a classpath without Kafka.
 */
class KafkaFreeCoreTest {

    @Test
    void onlyTheKafkaPackageReferencesKafkaClasses() throws IOException, URISyntaxException {
        Path root = Path.of(EventSerde.class.getResource("EventSerde.class").toURI())
                .getParent();
        List<Path> classes;
        try (Stream<Path> files = Files.walk(root)) {
            classes = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !root.relativize(p).startsWith("kafka"))
                    .toList();
        }

        assertThat(classes).hasSizeGreaterThan(20);
        for (Path file : classes) {
            // Class references sit in the constant pool as plain "org/apache/kafka/..." strings.
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(root.relativize(file).toString()).doesNotContain("org/apache/kafka");
        }
    }
}
