package io.watchword.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialState;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import io.watchword.testsupport.kafka.TopicRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole live job in a MiniCluster against the real broker: a thief is caught, a bad record is dead-lettered. */
class LiveJobOnBrokerTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(new Configuration())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void aThiefAfterTheOwnersTrafficRaisesAnAlertAndAMalformedRecordIsDeadLetteredWhileTheJobRuns() throws Exception {
        String bootstrap = Infrastructure.shared().kafkaBootstrapServers();
        String key = "key_live" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        DetectorConfig config = DetectorConfig.defaults()
                .with("kafka.bootstrap-servers", bootstrap)
                .with("kafka.group-id", "detector-test-" + key)
                .with("parallelism", "1")
                .with("checkpoint.interval", "PT2S")
                .with("watermark.out-of-orderness", "PT1S");
        JobClient job = DetectorMain.startLive(config);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            Instant start = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            kafka.send(EventRecords.toProducerRecord(
                    TestEvents.state(key, start.minusSeconds(60), CredentialState.ACTIVE), "/test"));
            List<ApiUsageRecorded> events = TestEvents.ownerThenThief(key, start);
            List<ApiUsageRecorded> owner = events.subList(0, 60);
            List<ApiUsageRecorded> thief = events.subList(60, events.size());
            for (ApiUsageRecorded e : owner) {
                kafka.send(EventRecords.toProducerRecord(e, "/test"));
            }
            // A malformed record on the usage topic, between the owner's traffic and the thief's.
            kafka.send(
                    Topics.USAGE.name(),
                    key,
                    "{\"eventId\":\"not-a-uuid\"".getBytes(StandardCharsets.UTF_8),
                    Map.of("ce_type", "io.watchword.usage.recorded.v1"));
            long thiefSentAt = System.currentTimeMillis();
            for (ApiUsageRecorded e : thief) {
                kafka.send(EventRecords.toProducerRecord(e, "/test"));
            }

            TopicRecord dead = kafka.awaitRecord(
                    Topics.DEAD_LETTERS.name(),
                    r -> key.equals(r.key()) && "watchword-anomaly-detector".equals(r.header(DeadLetters.CONSUMER)),
                    Duration.ofSeconds(60));
            assertThat(dead.header(DeadLetters.ORIGINAL_TOPIC)).isEqualTo(Topics.USAGE.name());
            assertThat(dead.header(DeadLetters.REASON)).contains("ApiUsageRecorded");
            assertThat(dead.valueAsString()).isEqualTo("{\"eventId\":\"not-a-uuid\"");

            TopicRecord record =
                    kafka.awaitRecord(Topics.ALERTS.name(), r -> key.equals(r.key()), Duration.ofSeconds(60));
            assertThat(record.header("ce_type")).isEqualTo("io.watchword.anomaly.detected.v1");
            // One sample, on a loaded machine: informative only (docs/benchmarks.md).
            System.out.println("thief's first usage record sent → alert record written: "
                    + (record.timestamp() - thiefSentAt) + " ms");
            AnomalyDetected alert = EventSerde.deserialize(record.value(), AnomalyDetected.class);
            assertThat(alert.credentialId()).isEqualTo(key);
            assertThat(alert.tenantId()).isEqualTo(TestEvents.TENANT);
            assertThat(alert.occurredAt()).isEqualTo(thief.get(0).occurredAt());
            assertThat(alert.findings()).extracting(f -> f.detector()).contains("new-source-network", "new-client");
            assertThat(record.header("ce_id")).isEqualTo(alert.eventId().toString());
            assertThat(job.getJobStatus().get()).hasToString("RUNNING");
        } finally {
            job.cancel().get();
        }
    }
}
