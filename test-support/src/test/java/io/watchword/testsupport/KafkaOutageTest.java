package io.watchword.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.Topics;
import io.watchword.testsupport.kafka.KafkaTestClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaOutageTest {

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
    void restartedBrokerKeepsItsPortAndItsData() {
        String bootstrap = infrastructure.kafkaBootstrapServers();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(Topics.REVOCATIONS.name(), "key_before_outage", "{}", Map.of());
        }

        infrastructure.stopKafka();
        assertThat(listening(bootstrap)).as("port open during the outage").isFalse();
        infrastructure.startKafka();

        assertThat(infrastructure.kafkaBootstrapServers()).isEqualTo(bootstrap);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            assertThat(kafka.readAll(Topics.REVOCATIONS.name()))
                    .extracting(r -> r.key())
                    .containsExactly("key_before_outage");
            kafka.send(Topics.REVOCATIONS.name(), "key_after_outage", "{}", Map.of());
            assertThat(kafka.awaitCount(Topics.REVOCATIONS.name(), 2, Duration.ofSeconds(30)))
                    .hasSize(2);
        }
    }

    private static boolean listening(String bootstrap) {
        String[] hostPort = bootstrap.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
