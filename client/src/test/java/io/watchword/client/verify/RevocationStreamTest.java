package io.watchword.client.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.watchword.client.WatchwordClient;
import io.watchword.client.testing.JwksServer;
import io.watchword.client.testing.TestIssuer;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The verifier following the real revocations topic on a real broker. */
class RevocationStreamTest {

    private final Infrastructure infra = Infrastructure.shared();
    private final KafkaTestClient kafka = new KafkaTestClient(infra.kafkaBootstrapServers());
    private final TestIssuer issuer = new TestIssuer("k-" + UUID.randomUUID());
    private final JwksServer jwks = new JwksServer(issuer);
    private final String keyId =
            "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    private WatchwordClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        jwks.close();
        kafka.close();
    }

    private WatchwordClient startClient() throws InterruptedException {
        client = WatchwordClient.builder()
                .issuerUrl(jwks.url())
                .kafkaBootstrapServers(infra.kafkaBootstrapServers())
                .audience("orders")
                .usageEnabled(false)
                .build();
        assertThat(client.start(Duration.ofSeconds(60))).as("feed bootstrapped").isTrue();
        return client;
    }

    private String token() {
        Instant now = Instant.now();
        return "Bearer "
                + issuer.token(keyId, "tok_" + UUID.randomUUID(), "orders:read", "orders", now, now.plusSeconds(300));
    }

    private void publish(RevocationStatus status) {
        // Contract 3: revocations are keyed <tenant>/<credential id>.
        kafka.send(
                Topics.REVOCATIONS.name(),
                "ten_acme/" + keyId,
                EventSerde.serialize(new CredentialRevocationChanged(
                        UUID.randomUUID(),
                        Instant.now(),
                        "ten_acme",
                        keyId,
                        CredentialType.API_KEY,
                        null,
                        status,
                        RevocationReason.values()[0],
                        "adm_test",
                        null,
                        Instant.now().plusSeconds(3600))),
                Map.of());
    }

    @Test
    void aRevocationPublishedWhileRunningRefusesTheKeysTokens() throws Exception {
        startClient();
        String token = token();
        assertThat(client.verifyAuthorization(token, "orders:read").isAccepted())
                .isTrue();

        publish(RevocationStatus.REVOKED);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        client.verifyAuthorization(token, "orders:read").refusal())
                .isEqualTo(Refusal.REVOKED));
        assertThat(client.verifyAuthorization(token(), "orders:read").refusal()).isEqualTo(Refusal.REVOKED);
    }

    @Test
    void aVerifierStartedAfterTheRevocationRefusesFromItsFirstCheck() throws Exception {
        publish(RevocationStatus.REVOKED);

        startClient();

        assertThat(client.verifyAuthorization(token(), "orders:read").refusal()).isEqualTo(Refusal.REVOKED);
        assertThat(client.health().feedReady()).isTrue();
        assertThat(client.health().revokedCredentials()).isPositive();
    }

    @Test
    void aSuspendedThenReinstatedKeyWorksAgain() throws Exception {
        startClient();
        String token = token();

        publish(RevocationStatus.SUSPENDED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        client.verifyAuthorization(token, "orders:read").refusal())
                .isEqualTo(Refusal.SUSPENDED));

        publish(RevocationStatus.REINSTATED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        client.verifyAuthorization(token, "orders:read").isAccepted())
                .isTrue());
    }

    @Test
    void aTombstoneLiftsTheRevocation() throws Exception {
        publish(RevocationStatus.REVOKED);
        startClient();
        String token = token();
        assertThat(client.verifyAuthorization(token, "orders:read").refusal()).isEqualTo(Refusal.REVOKED);

        kafka.send(Topics.REVOCATIONS.name(), "ten_acme/" + keyId, (byte[]) null, Map.of());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        client.verifyAuthorization(token, "orders:read").isAccepted())
                .isTrue());
    }
}
