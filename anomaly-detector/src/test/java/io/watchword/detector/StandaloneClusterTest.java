package io.watchword.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialState;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import io.watchword.testsupport.kafka.TopicRecord;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Opt-in (not in CI: it resolves Flink's jars and starts two more JVMs): the same
 * anomaly-detector.jar that runs with {@code java -jar} is submitted over REST to a standalone Flink
 * cluster started from Maven jars by {@code flink-cluster/flink-cluster.sh}, and catches a thief on
 * the real broker. Run it after packaging the module:
 *
 * <pre>
 * mvn -pl anomaly-detector -am install -DskipTests
 * mvn -pl anomaly-detector surefire:test -Dtest=StandaloneClusterTest -Dwatchword.flink.standalone=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "watchword.flink.standalone", matches = "true")
class StandaloneClusterTest {

    static final Path SCRIPT = Path.of("flink-cluster", "flink-cluster.sh");
    static final Path JAR = Path.of("target", "anomaly-detector.jar");

    @Test
    void theSameJarSubmittedToAStandaloneClusterFromMavenJarsCatchesAThiefOnTheBroker() throws Exception {
        assertThat(JAR)
                .as("package the module first (mvn -pl anomaly-detector -am install -DskipTests)")
                .exists();
        String bootstrap = Infrastructure.shared().kafkaBootstrapServers();
        String key =
                "key_standalone" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String dir = Path.of("target", "flink-cluster-test").toAbsolutePath().toString();
        String port = Integer.toString(freePort());
        try {
            String started = script("start", "--port", port, "--rpc-port", Integer.toString(freePort()), "--dir", dir);
            assertThat(started).contains("REST and web UI http://127.0.0.1:" + port);
            String submitted = script(
                    "submit",
                    "--port",
                    port,
                    "--jar",
                    JAR.toAbsolutePath().toString(),
                    "--",
                    "run",
                    "--kafka.bootstrap-servers",
                    bootstrap,
                    "--kafka.group-id",
                    "detector-standalone-" + key,
                    "--parallelism",
                    "1",
                    "--checkpoint.interval",
                    "PT5S",
                    "--checkpoint.dir",
                    Path.of(dir, "checkpoints").toUri().toString());
            assertThat(submitted).contains("submitted");

            try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
                Instant start = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
                kafka.send(EventRecords.toProducerRecord(
                        TestEvents.state(key, start.minusSeconds(60), CredentialState.ACTIVE), "/test"));
                List<ApiUsageRecorded> events = TestEvents.ownerThenThief(key, start);
                for (ApiUsageRecorded e : events) {
                    kafka.send(EventRecords.toProducerRecord(e, "/test"));
                }
                TopicRecord record =
                        kafka.awaitRecord(Topics.ALERTS.name(), r -> key.equals(r.key()), Duration.ofMinutes(3));
                AnomalyDetected alert = EventSerde.deserialize(record.value(), AnomalyDetected.class);
                assertThat(alert.credentialId()).isEqualTo(key);
                assertThat(alert.occurredAt()).isEqualTo(events.get(60).occurredAt());
            }
            String jobs = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/overview"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(jobs).contains("\"name\":\"watchword anomaly detector\"").contains("\"state\":\"RUNNING\"");
        } finally {
            script("stop", "--dir", dir);
        }
    }

    /** Runs flink-cluster.sh; fails with its output unless it exits 0 within 6 minutes. */
    static String script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (System.getenv("MVN_ARGS") == null) {
            // The same local repository this build uses (the classpath's Flink jars live there).
            pb.environment().put("MVN_ARGS", "-Dmaven.repo.local=" + localRepository());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(6, TimeUnit.MINUTES)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    /** …/org/apache/flink/flink-core/2.2.1/flink-core-2.2.1.jar → the repository's root. */
    static Path localRepository() {
        try {
            Path jar = Path.of(org.apache.flink.api.common.JobID.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return jar.getParent()
                    .getParent()
                    .getParent()
                    .getParent()
                    .getParent()
                    .getParent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
