package io.watchword.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialState;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import io.watchword.testsupport.kafka.TopicRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Operations (issue 9 §1): the live job on the real broker is stopped with a savepoint and started
 * again from it with {@code --restore}, then from a checkpoint retained after a cancel; once on
 * heap state, once on RocksDB. What must survive is the learned baseline (the owner's usual
 * network stays quiet after the restart, a thief is still caught — a key without history could
 * not be judged at all) and the Kafka offsets (a restart from a checkpoint replays what came after
 * it, and the replayed alert carries the same id: duplicates are harmless).
 */
class RestoreOnBrokerTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(new Configuration())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final Duration WAIT = Duration.ofSeconds(90);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "rocksdb"})
    void theBaselineSurvivesAStopWithSavepointAndACheckpointRestoreReplaysTheSameAlertId(
            String backend, @InjectClusterClient ClusterClient<?> cluster) throws Exception {
        String bootstrap = Infrastructure.shared().kafkaBootstrapServers();
        String key = "key_restore_" + backend + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Path work =
                Files.createDirectories(Path.of("target", "restore-test", key)).toAbsolutePath();
        DetectorConfig config = DetectorConfig.defaults()
                .with("kafka.bootstrap-servers", bootstrap)
                .with("kafka.group-id", "detector-restore-" + key)
                .with("parallelism", "1")
                .with("state.backend", backend)
                .with("checkpoint.dir", work.resolve("checkpoints").toUri().toString())
                // No periodic checkpoint: the test takes the one it restores from.
                .with("checkpoint.interval", "PT1H")
                .with("watermark.out-of-orderness", "PT1S");
        Instant start = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        List<ApiUsageRecorded> ownerThenThief = TestEvents.ownerThenThief(key, start);
        ApiUsageRecorded thief1 = ownerThenThief.get(60);
        // After the restart: a request of the owner's from its usual network, then the thief again,
        // beyond the first alert's correlation window, from a network not alerted yet: new evidence
        // (the same network, client and route again would not repeat the alert, decision 0188).
        ApiUsageRecorded owner2 = TestEvents.owner(key, start.plusSeconds(400), 3);
        ApiUsageRecorded thief2 = TestEvents.usage(
                key,
                start.plusSeconds(1200),
                "198.51.100.9",
                TestEvents.THIEF_UA,
                "GET",
                "/v1/admin/export",
                200,
                null);

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            // Run 1: learns the owner, alerts the thief, stops with a savepoint.
            JobClient first = DetectorMain.startLive(config);
            String savepoint;
            try {
                kafka.send(EventRecords.toProducerRecord(
                        TestEvents.state(key, start.minusSeconds(60), CredentialState.ACTIVE), "/test"));
                for (ApiUsageRecorded e : ownerThenThief.subList(0, 61)) {
                    kafka.send(EventRecords.toProducerRecord(e, "/test"));
                }
                // The alert proves every earlier event of the key was processed before the savepoint.
                AnomalyDetected alert1 =
                        awaitAlert(kafka, key, thief1.occurredAt(), 1).get(0);
                assertThat(alert1.findings()).extracting(f -> f.detector()).contains("new-source-network");
                savepoint = first.stopWithSavepoint(
                                false, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();
            } catch (Exception | AssertionError e) {
                first.cancel();
                throw e;
            }
            assertThat(first.getJobExecutionResult().get()).isNotNull();

            // Run 2: restored from the savepoint; a checkpoint before anything new arrives.
            JobClient second = DetectorMain.startLive(config.with("restore", savepoint));
            String checkpoint;
            AnomalyDetected alert2;
            try {
                long id = checkpoint(cluster, second);
                checkpoint = work.resolve("checkpoints")
                        .resolve(second.getJobID().toString())
                        .resolve("chk-" + id)
                        .toUri()
                        .toString();
                kafka.send(EventRecords.toProducerRecord(owner2, "/test"));
                kafka.send(EventRecords.toProducerRecord(thief2, "/test"));

                alert2 = awaitAlert(kafka, key, thief2.occurredAt(), 1).get(0);
                // Judged against the restored baseline: the owner's network is known, the thief's not;
                // and against the restored alert memory: only the new network is news.
                assertThat(alert2.findings())
                        .filteredOn(f -> f.detector().equals("new-source-network"))
                        .extracting(f -> f.observed())
                        .containsExactly("198.51.100.0/24");
                assertThat(alertTimes(kafka.readAll(Topics.ALERTS.name()), key))
                        .as("the owner's request after the restore raised nothing")
                        .containsExactlyInAnyOrder(thief1.occurredAt(), thief2.occurredAt());
            } finally {
                second.cancel().get();
            }

            // Run 3: restored from run 2's retained checkpoint: replays the two requests after it.
            JobClient third = DetectorMain.startLive(config.with("restore", checkpoint));
            try {
                List<AnomalyDetected> replayed = awaitAlert(kafka, key, thief2.occurredAt(), 2);
                assertThat(replayed).extracting(AnomalyDetected::eventId).containsOnly(alert2.eventId());
                assertThat(third.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                third.cancel().get();
            }
        }
    }

    /** Triggers a checkpoint once every task runs (a trigger before that is refused); returns its id. */
    static long checkpoint(ClusterClient<?> cluster, JobClient job) {
        AtomicLong id = new AtomicLong();
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    id.set(cluster.triggerCheckpoint(job.getJobID(), CheckpointType.FULL)
                            .get());
                    return true;
                });
        return id.get();
    }

    /** Waits for {@code count} alerts of {@code key} emitted at event time {@code at}, and returns them. */
    static List<AnomalyDetected> awaitAlert(KafkaTestClient kafka, String key, Instant at, int count) {
        List<TopicRecord> records = kafka.awaitRecords(
                Topics.ALERTS.name(),
                rs -> rs.stream().filter(r -> isAlertAt(r, key, at)).count() >= count,
                WAIT);
        return records.stream()
                .filter(r -> isAlertAt(r, key, at))
                .map(r -> EventSerde.deserialize(r.value(), AnomalyDetected.class))
                .toList();
    }

    static boolean isAlertAt(TopicRecord r, String key, Instant at) {
        return key.equals(r.key())
                && EventSerde.deserialize(r.value(), AnomalyDetected.class)
                        .occurredAt()
                        .equals(at);
    }

    static List<Instant> alertTimes(List<TopicRecord> records, String key) {
        return records.stream()
                .filter(r -> key.equals(r.key()))
                .map(r ->
                        EventSerde.deserialize(r.value(), AnomalyDetected.class).occurredAt())
                .distinct()
                .toList();
    }
}
