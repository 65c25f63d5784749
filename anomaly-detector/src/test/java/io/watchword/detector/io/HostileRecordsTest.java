package io.watchword.detector.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.TestEvents;
import io.watchword.detector.model.ControlRule;
import io.watchword.detector.model.Parsed;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Seeded hostile records on every topic the job consumes (usage, credential state, revocations,
 * control): none throws, each becomes a dead letter that carries the record unchanged and a reason.
 */
class HostileRecordsTest {
    static final long SEED = Long.getLong("watchword.hostile.seed", 20261202L);
    static final String[] TYPES = {
        "io.watchword.usage.recorded.v1",
        "io.watchword.credential.state-changed.v1",
        "io.watchword.credential.revocation-changed.v1",
        "io.watchword.detector.control-changed.v1",
        "io.watchword.anomaly.detected.v1",
        "",
        "nonsense"
    };

    @Test
    void generatedHostileRecordsOnEveryConsumedTopicBecomeDeadLettersWithAReason() {
        Random rnd = new Random(SEED);
        String valid = TestEvents.json(TestEvents.owner("key_x", Instant.parse("2026-12-01T00:00:00Z"), 1));
        String[] topics = {
            Topics.USAGE.name(),
            Topics.CREDENTIAL_STATE.name(),
            Topics.REVOCATIONS.name(),
            Topics.DETECTOR_CONTROL.name()
        };
        int deadLetters = 0;
        for (int i = 0; i < 800; i++) {
            String topic = topics[i % topics.length];
            byte[] value = hostileValue(rnd, valid);
            RecordHeaders headers = new RecordHeaders();
            if (rnd.nextInt(10) > 0) {
                headers.add("ce_type", TYPES[rnd.nextInt(TYPES.length)].getBytes(StandardCharsets.UTF_8));
            }
            ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(
                    topic,
                    0,
                    i,
                    0L,
                    TimestampType.CREATE_TIME,
                    -1,
                    -1,
                    "k".getBytes(),
                    value,
                    headers,
                    Optional.empty());
            if (topic.equals(Topics.DETECTOR_CONTROL.name())) {
                ControlRule rule = ControlRules.fromKafka(record);
                if (rule.dead != null) {
                    deadLetters++;
                    assertDeadLetter(rule.dead.toProducerRecord(), value);
                }
            } else {
                Parsed p = RecordParser.fromKafka(record, topic.equals(Topics.USAGE.name()));
                if (p != null && p.dead != null) {
                    deadLetters++;
                    assertDeadLetter(p.dead.toProducerRecord(), value);
                }
            }
        }
        assertThat(deadLetters).isGreaterThan(700);
    }

    private static void assertDeadLetter(ProducerRecord<byte[], byte[]> dead, byte[] value) {
        assertThat(dead.topic()).isEqualTo(DeadLetters.TOPIC);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).isNotBlank();
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.CONSUMER)).isEqualTo("watchword-anomaly-detector");
    }

    private static byte[] hostileValue(Random rnd, String valid) {
        switch (rnd.nextInt(8)) {
            case 0 -> {
                byte[] b = new byte[rnd.nextInt(200)];
                rnd.nextBytes(b);
                return b;
            }
            case 1 -> {
                return valid.substring(0, rnd.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                return "null".getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                return valid.replace("\"occurredAt\":\"", "\"occurredAt\":\"x").getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> {
                return ("[" + valid + "]").getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                return "{\"eventId\":\"00000000-0000-0000-0000-000000000000\",\"status\":1e999}"
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 6 -> {
                return "\"".repeat(rnd.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                return EventSerde.mapper()
                        .createObjectNode()
                        .put("tenantId", "\u0000")
                        .toString()
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
    }
}
