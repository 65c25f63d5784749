package io.watchword.client.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.watchword.client.WatchwordClient;
import io.watchword.client.testing.JwksServer;
import io.watchword.client.testing.TestFeeds;
import io.watchword.client.testing.TestIssuer;
import io.watchword.client.verify.Refusal;
import io.watchword.client.verify.VerificationResult;
import io.watchword.events.Topics;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier honours every change of a credential from the credential-state and revocation
 * topics on a real broker, with no call to the issuer after the first introspection of a key.
 */
class CredentialStateStreamTest {

    private static final String TENANT = "ten_" + UUID.randomUUID().toString().substring(0, 8);

    private final Infrastructure infra = Infrastructure.shared();
    private final TestIssuer issuer = new TestIssuer("k-" + UUID.randomUUID());
    private final JwksServer server = new JwksServer(issuer);
    private final TestFeeds feeds = new TestFeeds(infra.kafkaBootstrapServers());
    private final String apiKey = TestFeeds.newApiKey();
    private final String keyId = TestFeeds.newKeyId();
    private WatchwordClient client;

    @BeforeEach
    void issuerKnowsTheKey() {
        // The issuer's answer stays "active for an hour": every refusal below comes from the topics.
        server.acceptApiKey(apiKey, keyId, TENANT, "orders:read", Instant.now().plusSeconds(3600));
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        server.close();
        feeds.close();
    }

    private WatchwordClient startClient() throws InterruptedException {
        client = WatchwordClient.builder()
                .issuerUrl(server.url())
                .kafkaBootstrapServers(infra.kafkaBootstrapServers())
                .introspectionCredential("ww_admin_test")
                .audience("orders")
                .usageEnabled(false)
                .serviceName("state-test")
                .build();
        assertThat(client.start(Duration.ofSeconds(60)))
                .as("feeds bootstrapped")
                .isTrue();
        return client;
    }

    private VerificationResult check() {
        return client.verifyAuthorization("Bearer " + apiKey, List.of(), loopback(1));
    }

    private VerificationResult checkToken(String token) {
        return client.verifyAuthorization("Bearer " + token, List.of(), loopback(1));
    }

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private String token() {
        Instant now = Instant.now();
        return issuer.token(
                TENANT, keyId, "tok_" + UUID.randomUUID(), "orders:read", "orders", now, now.plusSeconds(300));
    }

    /** Polls from {@code deadline} on and returns how long after it the refusal came. */
    private Duration refusedAfter(Instant deadline, Refusal expected) throws InterruptedException {
        Instant giveUp = deadline.plusSeconds(10);
        while (Instant.now().isBefore(giveUp)) {
            VerificationResult result = check();
            if (result.refusal() == expected) {
                return Duration.between(deadline, Instant.now());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not refused with " + expected + " within 10 s of " + deadline);
    }

    @Test
    void aRotatedKeyIsRefusedWithinASecondOfItsGraceEnding() throws Exception {
        startClient();
        assertThat(check().isAccepted()).isTrue();
        Instant graceEnds = Instant.now().plusSeconds(5);

        feeds.publish(TestFeeds.state(
                TENANT, keyId, CredentialState.ROTATED, Instant.now().plusSeconds(3600), graceEnds));

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), graceEnds).toMillis() - 1500));
        assertThat(check().isAccepted()).as("still within its grace").isTrue();
        while (Instant.now().isBefore(graceEnds)) {
            Thread.sleep(10);
        }
        assertThat(refusedAfter(graceEnds, Refusal.ROTATED_OUT)).isLessThan(Duration.ofSeconds(1));
        assertThat(checkToken(token()).refusal()).as("its tokens too").isEqualTo(Refusal.ROTATED_OUT);
        VerificationResult refused = check();
        assertThat(refused.principal().credentialId()).as("still recognised").isEqualTo(keyId);
        assertThat(server.introspections())
                .as("no call to the issuer after the first")
                .isEqualTo(1);
    }

    @Test
    void aKeyIsRefusedAtItsExpiryByTheVerifiersOwnClock() throws Exception {
        startClient();
        Instant expires = Instant.now().plusSeconds(4);

        feeds.publish(TestFeeds.state(TENANT, keyId, CredentialState.ACTIVE, expires, null));

        await().atMost(Duration.ofSeconds(3)).until(() -> check().isAccepted());
        assertThat(refusedAfter(expires, Refusal.EXPIRED)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aSuspendedKeyIsRefusedAndAcceptedAgainOnceReinstated() throws Exception {
        startClient();
        String token = token();
        Instant expires = Instant.now().plusSeconds(3600);

        feeds.publish(TestFeeds.state(TENANT, keyId, CredentialState.SUSPENDED, expires, null));
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> check().refusal() == Refusal.SUSPENDED);
        assertThat(checkToken(token).refusal()).isEqualTo(Refusal.SUSPENDED);

        feeds.publish(TestFeeds.state(TENANT, keyId, CredentialState.ACTIVE, expires, null));
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> check().isAccepted());
        assertThat(checkToken(token).isAccepted()).isTrue();
        assertThat(server.introspections()).isEqualTo(1);
    }

    @Test
    void aRevokedKeyAndItsTokensAreRefusedWithinASecond() throws Exception {
        startClient();
        String token = token();
        assertThat(check().isAccepted()).isTrue();

        feeds.publish(TestFeeds.revocation(TENANT, keyId, RevocationStatus.REVOKED));

        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> check().refusal() == Refusal.REVOKED);
        assertThat(checkToken(token).refusal()).isEqualTo(Refusal.REVOKED);
        assertThat(check().principal().credentialId()).isEqualTo(keyId);
    }

    @Test
    void anotherTenantsRevocationOfTheSameIdIsIgnored() throws Exception {
        startClient();
        String token = token();

        feeds.publish(TestFeeds.revocation("ten_other", keyId, RevocationStatus.REVOKED));
        // A marker published after it on the same key space proves the foreign record was read.
        String marker = TestFeeds.newKeyId();
        feeds.publish(TestFeeds.revocation(TENANT, marker, RevocationStatus.REVOKED));
        String markerToken = issuer.token(
                TENANT,
                marker,
                "tok_" + UUID.randomUUID(),
                "orders:read",
                "orders",
                Instant.now(),
                Instant.now().plusSeconds(60));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> checkToken(markerToken).refusal() == Refusal.REVOKED);

        assertThat(check().isAccepted()).isTrue();
        assertThat(checkToken(token).isAccepted()).isTrue();
    }

    @Test
    void aKeyRestrictedToAnAddressRangeIsRefusedFromElsewhere() throws Exception {
        startClient();
        Instant expires = Instant.now().plusSeconds(3600);

        feeds.publish(TestFeeds.state(
                TENANT, keyId, CredentialState.ACTIVE, expires, null, List.of("10.0.0.0/8"), List.of("orders:read")));
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> check().refusal() == Refusal.SOURCE_NOT_ALLOWED);
        assertThat(client.verifyAuthorization("Bearer " + apiKey, List.of(), null)
                        .refusal())
                .as("an unknown address is not in the range")
                .isEqualTo(Refusal.SOURCE_NOT_ALLOWED);

        feeds.publish(TestFeeds.state(
                TENANT,
                keyId,
                CredentialState.ACTIVE,
                expires,
                null,
                List.of("10.0.0.0/8", "127.0.0.2/32"),
                List.of("orders:read")));
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> client.verifyAuthorization("Bearer " + apiKey, List.of(), loopback(2))
                        .isAccepted());
        assertThat(check().refusal()).as("127.0.0.1 still not").isEqualTo(Refusal.SOURCE_NOT_ALLOWED);
    }

    @Test
    void aVerifierStartedAfterTheChangesBootstrapsThem() throws Exception {
        String rotatedKey = TestFeeds.newApiKey();
        String rotatedId = TestFeeds.newKeyId();
        server.acceptApiKey(
                rotatedKey, rotatedId, TENANT, "orders:read", Instant.now().plusSeconds(3600));
        feeds.publish(TestFeeds.state(
                TENANT,
                rotatedId,
                CredentialState.ROTATED,
                Instant.now().plusSeconds(3600),
                Instant.now().minusSeconds(1)));
        feeds.publish(TestFeeds.state(
                TENANT, keyId, CredentialState.SUSPENDED, Instant.now().plusSeconds(3600), null));

        startClient();

        assertThat(check().refusal()).isEqualTo(Refusal.SUSPENDED);
        assertThat(client.verifyAuthorization("Bearer " + rotatedKey, List.of(), loopback(1))
                        .refusal())
                .isEqualTo(Refusal.ROTATED_OUT);
    }

    @Test
    void aMalformedRecordOnEachTopicIsDeadLetteredAndTheNextOneApplied() throws Exception {
        startClient();
        String badStateKey = "bad-state-" + UUID.randomUUID();
        String badRevocationKey = "bad-revocation-" + UUID.randomUUID();

        feeds.publishRaw(Topics.CREDENTIAL_STATE.name(), badStateKey, "{not json".getBytes(StandardCharsets.UTF_8));
        feeds.publish(TestFeeds.state(
                TENANT, keyId, CredentialState.SUSPENDED, Instant.now().plusSeconds(3600), null));
        await().atMost(Duration.ofSeconds(10)).until(() -> check().refusal() == Refusal.SUSPENDED);

        feeds.publishRaw(Topics.REVOCATIONS.name(), badRevocationKey, "[]".getBytes(StandardCharsets.UTF_8));
        feeds.publish(TestFeeds.revocation(TENANT, keyId, RevocationStatus.REVOKED));
        await().atMost(Duration.ofSeconds(10)).until(() -> check().refusal() == Refusal.REVOKED);

        try (KafkaTestClient kafka = new KafkaTestClient(infra.kafkaBootstrapServers())) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                var deadLetters = kafka.readAll(Topics.DEAD_LETTERS.name());
                assertThat(deadLetters)
                        .filteredOn(r -> badStateKey.equals(r.key()))
                        .singleElement()
                        .satisfies(r -> {
                            assertThat(r.header(DeadLetters.ORIGINAL_TOPIC)).isEqualTo(Topics.CREDENTIAL_STATE.name());
                            assertThat(r.header(DeadLetters.CONSUMER)).isEqualTo("watchword-client-state-test");
                        });
                assertThat(deadLetters)
                        .filteredOn(r -> badRevocationKey.equals(r.key()))
                        .singleElement()
                        .satisfies(r ->
                                assertThat(r.header(DeadLetters.ORIGINAL_TOPIC)).isEqualTo(Topics.REVOCATIONS.name()));
            });
        }
        assertThat(client.invalidFeedRecords()).isGreaterThanOrEqualTo(2);
    }
}
