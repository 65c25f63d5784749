package io.watchword.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.events.Topics;
import io.watchword.testsupport.kafka.KafkaTestClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaTlsListenerTest {

    private static EmbeddedInfrastructure infrastructure;

    @BeforeAll
    static void start() {
        infrastructure = EmbeddedInfrastructure.start();
    }

    @AfterAll
    static void stop() {
        infrastructure.close();
    }

    @Test
    void clientTrustingTheTestCaReadsOverTlsWhatAPlaintextClientWrote() {
        String plaintext = infrastructure.kafkaBootstrapServers();
        try (KafkaTestClient kafka = new KafkaTestClient(plaintext)) {
            kafka.send(Topics.REVOCATIONS.name(), "key_before_tls", "{}", Map.of());
        }

        Map<String, String> tls = infrastructure.kafkaTlsClientConfig();

        assertThat(tls.get("bootstrap.servers")).isNotEqualTo(plaintext);
        assertThat(infrastructure.kafkaBootstrapServers())
                .as("plaintext listener unchanged")
                .isEqualTo(plaintext);
        try (KafkaTestClient overTls = new KafkaTestClient(tls)) {
            overTls.send(Topics.REVOCATIONS.name(), "key_over_tls", "{}", Map.of());
            assertThat(overTls.awaitCount(Topics.REVOCATIONS.name(), 2, Duration.ofSeconds(30)))
                    .extracting(r -> r.key())
                    .containsExactly("key_before_tls", "key_over_tls");
        }
    }

    @Test
    void clientWithSaslPlainCredentialsOverTlsReadsAndWrites() {
        try (KafkaTestClient overSasl = new KafkaTestClient(infrastructure.kafkaSaslClientConfig())) {
            overSasl.send(Topics.ALERTS.name(), "key_over_sasl", "{}", Map.of());
            assertThat(overSasl.awaitRecord(
                            Topics.ALERTS.name(), r -> "key_over_sasl".equals(r.key()), Duration.ofSeconds(30)))
                    .isNotNull();
        }
    }

    @Test
    void clientWithAWrongSaslPasswordIsRefused() {
        Map<String, Object> wrong = new HashMap<>(infrastructure.kafkaSaslClientConfig());
        wrong.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"watchword\" password=\"wrong\";");
        wrong.put("request.timeout.ms", 3_000);
        wrong.put("default.api.timeout.ms", 5_000);
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes()
                            .get())
                    .hasStackTraceContaining("Authentication failed");
        }
    }

    @Test
    void clientWithoutTheTruststoreIsRefusedByTheTlsListener() {
        Map<String, Object> untrusting = new HashMap<>();
        untrusting.put("bootstrap.servers", infrastructure.kafkaTlsBootstrapServers());
        untrusting.put("security.protocol", "SSL");
        untrusting.put("request.timeout.ms", 3_000);
        untrusting.put("default.api.timeout.ms", 5_000);
        try (Admin admin = Admin.create(untrusting)) {
            assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes()
                            .get())
                    .hasStackTraceContaining("SSL");
        }
    }
}
