package io.watchword.issuer.credential;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.issuer.api.IssuerTestSupport.TestTenant;
import io.watchword.issuer.api.TopicReader;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Decision 0271 on the real broker and PostgreSQL: a key cached here stays cached past {@code
 * keys.cache-ttl} while the credential-state follower is current, and a change another instance
 * makes (its database commit, then its state on {@code watchword.credential-state.v1}) is refused
 * here as soon as that state arrives — not when the entry would expire.
 */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class CrossInstanceInvalidationTest {

    /** Far below the 10 minutes a cached entry may live while the follower is current. */
    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(20);

    @Inject
    CredentialLookup lookup;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aKeySuspendedByAnotherInstanceIsRefusedHereOnceItsStateIsOnTheTopic() throws Exception {
        awaitFollowerCurrent();
        TestTenant tenant = newTenant("orders");
        Map<String, Object> created =
                newKey(tenant.adminKey(), Map.of("name", "checkout", "scopes", List.of("orders:read"), "ttl", "P1D"));
        String id = (String) created.get("id");
        String key = (String) created.get("key");
        assertThat(exchange(key)).isEqualTo(200); // cached here from now on

        // Another instance suspends the key: its commit (this instance is not told) ...
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps =
                        conn.prepareStatement("UPDATE credentials SET status = 'SUSPENDED' WHERE id = ?")) {
            ps.setString(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        // ... which the cache here does not see by itself: the entry outlives the commit
        assertThat(exchange(key)).as("served from the cached entry").isEqualTo(200);

        // ... then its state on the topic, as that instance's outbox relay publishes it
        publishSuspension(tenant.id(), id);
        long sent = System.nanoTime(); // acknowledged: on the topic
        int status = 200;
        while (status == 200 && System.nanoTime() - sent < PROPAGATION_BOUND.toNanos()) {
            Thread.sleep(20);
            status = exchange(key);
        }
        System.out.printf(
                "CrossInstanceInvalidationTest: refused %d ms after the state was on the topic%n",
                (System.nanoTime() - sent) / 1_000_000);
        assertThat(status).isEqualTo(401);
    }

    private void awaitFollowerCurrent() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!lookup.isFollowerCurrent() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(lookup.isFollowerCurrent())
                .as("credential-state follower current")
                .isTrue();
    }

    private static int exchange(String key) {
        return given().auth()
                .oauth2(key)
                .contentType("application/json")
                .body("{}")
                .post("/v1/tokens")
                .then()
                .extract()
                .statusCode();
    }

    /** The key's issued state from the topic, re-published SUSPENDED as another issuer would. */
    private static void publishSuspension(String tenantId, String id) throws Exception {
        CredentialStateChanged issued = (CredentialStateChanged) EventRecords.read(
                TopicReader.await(Topics.CREDENTIAL_STATE.name(), r -> id.equals(r.key()), 1, Duration.ofSeconds(30))
                        .get(0));
        assertThat(issued.tenantId()).isEqualTo(tenantId);
        CredentialStateChanged suspended = new CredentialStateChanged(
                UUID.randomUUID(),
                Instant.now(),
                issued.tenantId(),
                issued.credentialId(),
                issued.credentialType(),
                issued.environment(),
                issued.displayPrefix(),
                issued.name(),
                issued.scopes(),
                issued.allowedCidrs(),
                issued.expiresAt(),
                CredentialState.SUSPENDED,
                issued.graceEndsAt(),
                issued.replacementId(),
                issued.rotatedFrom(),
                issued.rateLimit(),
                issued.rateLimitWindowSeconds(),
                issued.rateLimitBurst(),
                issued.quotaPerDay(),
                issued.quotaPerMonth(),
                issued.throttleRateLimit(),
                issued.throttleUntil(),
                issued.throttleReason());
        ProducerRecord<String, byte[]> record = EventRecords.toProducerRecord(suspended, "/watchword/issuer-service");
        Properties props = new Properties();
        props.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        }
    }
}
