package io.watchword.client.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import io.watchword.testsupport.kafka.TopicRecord;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsagePublisherTest {

    private static ApiUsageRecorded event(String credentialId) {
        return new ApiUsageRecorded(
                UUID.randomUUID(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "ten_acme",
                credentialId,
                "orders",
                "GET",
                "/orders/{id}",
                200,
                1234,
                "10.0.0.7",
                "curl/8.5",
                0,
                512);
    }

    @Test
    void publishesEachEventWithItsFieldsAndCloudEventsHeaders() {
        Infrastructure infra = Infrastructure.shared();
        String credentialId =
                "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        ApiUsageRecorded sent = event(credentialId);
        try (UsagePublisher publisher = new UsagePublisher(infra.kafkaBootstrapServers(), "orders", 100, Map.of());
                KafkaTestClient kafka = new KafkaTestClient(infra.kafkaBootstrapServers())) {
            assertThat(publisher.record(sent)).isTrue();

            TopicRecord record =
                    kafka.awaitRecord(Topics.USAGE.name(), r -> credentialId.equals(r.key()), Duration.ofSeconds(30));

            assertThat(EventSerde.deserialize(record.value(), ApiUsageRecorded.class))
                    .isEqualTo(sent);
            assertThat(record.header(CloudEventHeaders.TYPE)).isEqualTo("io.watchword.usage.recorded.v1");
            assertThat(record.header(CloudEventHeaders.SOURCE)).isEqualTo("/watchword/client/orders");
            assertThat(record.header(CloudEventHeaders.ID))
                    .isEqualTo(sent.eventId().toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.published() == 1);
        }
    }

    @Test
    void neverBlocksTheCallerWhenKafkaIsDownAndCountsWhatItDrops() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (UsagePublisher publisher = new UsagePublisher("127.0.0.1:" + deadPort, "orders", 1000, Map.of())) {
            int accepted = 0;
            for (int i = 0; i < 100_000; i++) {
                if (publisher.record(event("key_down"))) {
                    accepted++;
                }
            }

            // Every call returned at once: the queue took what it could and the rest was dropped.
            assertThat(accepted).isLessThan(100_000);
            assertThat(publisher.dropped()).isEqualTo(100_000 - accepted);
            assertThat(publisher.queued()).isLessThanOrEqualTo(1000);
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.failed() > 0);
            assertThat(publisher.published()).isZero();
        }
    }
}
