package io.watchword.client.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.watchword.client.WatchwordClient;
import io.watchword.client.testing.JwksServer;
import io.watchword.client.testing.TestIssuer;
import io.watchword.testsupport.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The broker goes away: past the staleness bound the verifier fails closed, and recovers. */
class FeedOutageTest {

    private final Infrastructure infra = Infrastructure.shared();
    private final TestIssuer issuer = new TestIssuer("k-" + UUID.randomUUID());
    private final JwksServer jwks = new JwksServer(issuer);
    private WatchwordClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        jwks.close();
    }

    @Test
    void failsClosedOnceTheFeedIsDownLongerThanTheBoundAndRecoversAfterwards() throws Exception {
        client = WatchwordClient.builder()
                .issuerUrl(jwks.url())
                .kafkaBootstrapServers(infra.kafkaBootstrapServers())
                .maxStaleness(Duration.ofSeconds(3))
                .usageEnabled(false)
                .build();
        assertThat(client.start(Duration.ofSeconds(60))).isTrue();
        Instant now = Instant.now();
        String token = "Bearer "
                + issuer.token("key_outage", "tok_outage", "orders:read", "orders", now, now.plusSeconds(600));
        assertThat(client.verifyAuthorization(token, "orders:read").isAccepted())
                .isTrue();

        infra.stopKafka();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            client.verifyAuthorization(token, "orders:read").refusal())
                    .isEqualTo(Refusal.FEED_UNAVAILABLE));
            assertThat(client.health().status()).isEqualTo("DOWN");
            assertThat(client.metrics().refused(Refusal.FEED_UNAVAILABLE)).isPositive();
        } finally {
            infra.startKafka();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        client.verifyAuthorization(token, "orders:read").isAccepted())
                .isTrue());
        assertThat(client.health().status()).isEqualTo("UP");
    }
}
