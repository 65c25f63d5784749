package io.watchword.issuer.state;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.issuer.api.IssuerTestSupport.TestTenant;
import io.watchword.issuer.api.TopicReader;
import io.watchword.issuer.service.CredentialStateJob;
import io.watchword.issuer.token.revocation.CredentialStatusUpdater;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The issuer publishes every credential's state on the compacted {@code
 * watchword.credential-state.v1} (issue 6, contract 1), on the real broker and PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class CredentialStateTest {

    private static final String TOPIC = Topics.CREDENTIAL_STATE.name();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    CredentialStatusUpdater statusUpdater;

    @Inject
    CredentialStateJob stateJob;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void issuedKeyIsPublishedActiveWithScopesCidrsExpiryAndTenantButNoSecret() {
        TestTenant tenant = newTenant("orders", "invoices");
        Map<String, Object> key = newKey(
                tenant.adminKey(),
                Map.of(
                        "name",
                        "checkout",
                        "scopes",
                        List.of("orders:write", "invoices:read"),
                        "allowedCidrs",
                        List.of("10.0.0.0/8"),
                        "ttl",
                        "P7D"));
        String id = (String) key.get("id");

        List<ConsumerRecord<String, byte[]>> records = records(id, 1);
        CredentialStateChanged state = read(records.get(0));

        assertThat(state.status()).isEqualTo(CredentialState.ACTIVE);
        assertThat(state.tenantId()).isEqualTo(tenant.id());
        assertThat(state.credentialType()).isEqualTo(CredentialType.API_KEY);
        assertThat(state.scopes()).containsExactly("orders:write", "invoices:read");
        assertThat(state.allowedCidrs()).containsExactly("10.0.0.0/8");
        assertThat(state.expiresAt()).isEqualTo(Instant.parse((String) key.get("expiresAt")));
        assertThat(state.displayPrefix()).isEqualTo(key.get("displayPrefix"));
        assertThat(state.environment()).isEqualTo("live");
        assertThat(state.name()).isEqualTo("checkout");
        assertThat(TopicReader.header(records.get(0), CloudEventHeaders.TYPE))
                .isEqualTo("io.watchword.credential.state-changed.v1");
        String json = new String(records.get(0).value(), StandardCharsets.UTF_8);
        String secret = (String) key.get("key");
        assertThat(json).doesNotContain(secret).doesNotContain(secret.substring(secret.length() - 12));
        assertThat(json.toLowerCase()).doesNotContain("hash");
    }

    @Test
    void adminKeyOfANewTenantIsPublishedToo() {
        TestTenant tenant = newTenant("orders");
        String adminId = given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "ops", "scopes", List.of("keys:read")))
                .post("/v1/admin-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        CredentialStateChanged state = read(records(adminId, 1).get(0));

        assertThat(state.credentialType()).isEqualTo(CredentialType.ADMIN_KEY);
        assertThat(state.status()).isEqualTo(CredentialState.ACTIVE);
        assertThat(state.scopes()).containsExactly("keys:read");
    }

    @Test
    void updatePublishesTheNewName() {
        TestTenant tenant = newTenant("orders");
        String id = (String) newKey(tenant.adminKey(), Map.of("name", "before", "scopes", List.of("orders:read")))
                .get("id");

        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "after"))
                .patch("/v1/keys/" + id)
                .then()
                .statusCode(200);

        List<ConsumerRecord<String, byte[]>> records = records(id, 2);
        assertThat(read(records.get(0)).name()).isEqualTo("before");
        assertThat(read(records.get(1)).name()).isEqualTo("after");
        assertThat(read(records.get(1)).status()).isEqualTo(CredentialState.ACTIVE);
    }

    @Test
    void rotationPublishesOldKeyRotatedWithGraceThenExpiredAndNewKeyActive() {
        TestTenant tenant = newTenant("orders");
        String oldId = (String) newKey(tenant.adminKey(), Map.of("name", "r", "scopes", List.of("orders:read")))
                .get("id");

        String newId = given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("gracePeriod", "PT2S"))
                .post("/v1/keys/" + oldId + "/rotate")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        CredentialStateChanged replacement = read(records(newId, 1).get(0));
        assertThat(replacement.status()).isEqualTo(CredentialState.ACTIVE);
        assertThat(replacement.rotatedFrom()).isEqualTo(oldId);

        // ACTIVE, ROTATED, then EXPIRED once the grace period ended (the expiry job)
        List<ConsumerRecord<String, byte[]>> old = records(oldId, 3);
        CredentialStateChanged rotated = read(old.get(1));
        assertThat(rotated.status()).isEqualTo(CredentialState.ROTATED);
        assertThat(rotated.replacementId()).isEqualTo(newId);
        assertThat(rotated.graceEndsAt()).isNotNull().isEqualTo(rotated.expiresAt());
        assertThat(rotated.usableAt(rotated.graceEndsAt())).isFalse();
        CredentialStateChanged expired = read(old.get(2));
        assertThat(expired.status()).isEqualTo(CredentialState.EXPIRED);
        assertThat(expired.replacementId()).isEqualTo(newId);
        assertThat(TopicReader.await(
                        Topics.CREDENTIALS.name(),
                        r -> oldId.equals(r.key())
                                && "io.watchword.credential.expired.v1"
                                        .equals(TopicReader.header(r, CloudEventHeaders.TYPE)),
                        1,
                        WAIT))
                .hasSize(1);
    }

    @Test
    void lapsedKeyIsPublishedExpiredAndTombstonedAfterTheMargin() {
        TestTenant tenant = newTenant("orders");
        String id = (String)
                newKey(tenant.adminKey(), Map.of("name", "short", "ttl", "PT2S", "scopes", List.of("orders:read")))
                        .get("id");

        // ACTIVE, EXPIRED, then the tombstone (margin PT3S in %test)
        List<ConsumerRecord<String, byte[]>> records = records(id, 3);

        assertThat(read(records.get(0)).status()).isEqualTo(CredentialState.ACTIVE);
        assertThat(read(records.get(1)).status()).isEqualTo(CredentialState.EXPIRED);
        assertThat(records.get(2).value()).isNull();
    }

    @Test
    void revocationRecordOfTheKeysTenantPublishesRevoked() {
        TestTenant tenant = newTenant("orders");
        String id = (String) newKey(tenant.adminKey(), Map.of("name", "leaked", "scopes", List.of("orders:read")))
                .get("id");

        send(revocation(tenant.id(), id, RevocationStatus.REVOKED, Instant.now()), null);

        List<ConsumerRecord<String, byte[]>> records = records(id, 2);
        assertThat(read(records.get(1)).status()).isEqualTo(CredentialState.REVOKED);
        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/" + id)
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("REVOKED"));
    }

    @Test
    void revocationRecordOfAnotherTenantChangesNothing() {
        TestTenant victim = newTenant("orders");
        TestTenant attacker = newTenant("orders");
        String id = (String) newKey(victim.adminKey(), Map.of("name", "victim", "scopes", List.of("orders:read")))
                .get("id");
        int partition = 0;

        // Both on one partition, so the follower has handled the attacker's record before the
        // victim's own suspension, which then proves it has been read.
        send(revocation(attacker.id(), id, RevocationStatus.REVOKED, Instant.now()), partition);
        send(
                revocation(
                        victim.id(),
                        id,
                        RevocationStatus.SUSPENDED,
                        Instant.now().plusMillis(1)),
                partition);

        List<ConsumerRecord<String, byte[]>> records = records(id, 2);
        assertThat(records)
                .extracting(r -> read(r).status())
                .containsExactly(CredentialState.ACTIVE, CredentialState.SUSPENDED);
        assertThat(records(id, 3, Duration.ofSeconds(2))).hasSize(2);
    }

    @Test
    void suspendedKeyIsPublishedSuspendedAndReinstatedActive() {
        TestTenant tenant = newTenant("orders");
        String id = (String) newKey(tenant.adminKey(), Map.of("name", "s", "scopes", List.of("orders:read")))
                .get("id");
        Instant at = Instant.now();

        send(revocation(tenant.id(), id, RevocationStatus.SUSPENDED, at), null);
        assertThat(read(records(id, 2).get(1)).status()).isEqualTo(CredentialState.SUSPENDED);
        send(revocation(tenant.id(), id, RevocationStatus.REINSTATED, at.plusSeconds(1)), null);
        assertThat(read(records(id, 3).get(2)).status()).isEqualTo(CredentialState.ACTIVE);
    }

    @Test
    void replayedRevocationRecordsPublishNoDuplicateStates() {
        TestTenant tenant = newTenant("orders");
        String id = (String) newKey(tenant.adminKey(), Map.of("name", "replay", "scopes", List.of("orders:read")))
                .get("id");
        Instant at = Instant.now();
        CredentialRevocationChanged suspended = revocation(tenant.id(), id, RevocationStatus.SUSPENDED, at);
        CredentialRevocationChanged reinstated =
                revocation(tenant.id(), id, RevocationStatus.REINSTATED, at.plusSeconds(1));
        send(suspended, null);
        send(reinstated, null);
        assertThat(records(id, 3))
                .extracting(r -> read(r).status())
                .containsExactly(CredentialState.ACTIVE, CredentialState.SUSPENDED, CredentialState.ACTIVE);

        // What the follower does after a restart: it reads the revocations topic from the beginning.
        statusUpdater.apply(suspended);
        statusUpdater.apply(reinstated);
        stateJob.backfillBatch();

        assertThat(records(id, 4, Duration.ofSeconds(3))).hasSize(3);
    }

    @Test
    void credentialStoredBeforeTheTopicExistedIsBackfilledOnce() throws Exception {
        TestTenant tenant = newTenant("orders");
        String id =
                "key_backfill" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Instant created = Instant.now().minusSeconds(3_600);
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("INSERT INTO credentials (id, tenant_id, type, name,"
                        + " environment, key_hash, display_prefix, scopes, allowed_cidrs, status, created_at,"
                        + " updated_at, expires_at, created_by) VALUES (?, ?, 'API_KEY', 'legacy', 'live', ?,"
                        + " 'ww_live_Legacy12', '{orders:read}', '{192.168.0.0/16}', 'ACTIVE', ?, ?, ?, 'test')")) {
            ps.setString(1, id);
            ps.setString(2, tenant.id());
            ps.setBytes(3, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            ps.setTimestamp(4, Timestamp.from(created));
            ps.setTimestamp(5, Timestamp.from(created));
            ps.setTimestamp(6, Timestamp.from(created.plus(Duration.ofDays(30))));
            ps.executeUpdate();
        }

        CredentialStateChanged state = read(records(id, 1).get(0));
        assertThat(state.status()).isEqualTo(CredentialState.ACTIVE);
        assertThat(state.allowedCidrs()).containsExactly("192.168.0.0/16");
        assertThat(state.tenantId()).isEqualTo(tenant.id());

        stateJob.backfillBatch();
        assertThat(records(id, 2, Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void freshConsumerRebuildsEveryCredentialsCurrentStateFromTheBeginning() {
        TestTenant tenant = newTenant("orders");
        String active = keyOf(tenant, "active");
        String renamed = keyOf(tenant, "renamed");
        String rotated = keyOf(tenant, "rotated");
        String revoked = keyOf(tenant, "revoked");
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "renamed-2"))
                .patch("/v1/keys/" + renamed)
                .then()
                .statusCode(200);
        String replacement = given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("gracePeriod", "PT1H"))
                .post("/v1/keys/" + rotated + "/rotate")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        send(revocation(tenant.id(), revoked, RevocationStatus.REVOKED, Instant.now()), null);
        records(revoked, 2);

        Map<String, CredentialStateChanged> rebuilt = rebuildFromTheBeginning();

        assertThat(rebuilt.get(active).status()).isEqualTo(CredentialState.ACTIVE);
        assertThat(rebuilt.get(renamed).name()).isEqualTo("renamed-2");
        assertThat(rebuilt.get(rotated).status()).isEqualTo(CredentialState.ROTATED);
        assertThat(rebuilt.get(rotated).replacementId()).isEqualTo(replacement);
        assertThat(rebuilt.get(replacement).status()).isEqualTo(CredentialState.ACTIVE);
        assertThat(rebuilt.get(revoked).status()).isEqualTo(CredentialState.REVOKED);
        for (String id : List.of(active, renamed, rotated, replacement, revoked)) {
            String stored = given().auth()
                    .oauth2(tenant.adminKey())
                    .get("/v1/keys/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("status");
            CredentialState expected = rebuilt.get(id).status() == CredentialState.ROTATED
                    ? CredentialState.ACTIVE
                    : rebuilt.get(id).status();
            assertThat(stored).as(id).isEqualTo(expected.name());
            assertThat(rebuilt.get(id).tenantId()).isEqualTo(tenant.id());
        }
    }

    private static String keyOf(TestTenant tenant, String name) {
        return (String) newKey(tenant.adminKey(), Map.of("name", name, "scopes", List.of("orders:read")))
                .get("id");
    }

    /** What any new consumer does: read the whole topic, keep the newest value per key. */
    private static Map<String, CredentialStateChanged> rebuildFromTheBeginning() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        Map<String, CredentialStateChanged> state = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        state.remove(r.key());
                    } else {
                        state.put(r.key(), (CredentialStateChanged) EventRecords.read(r));
                    }
                }
            }
        }
        return state;
    }

    private static List<ConsumerRecord<String, byte[]>> records(String id, int count) {
        List<ConsumerRecord<String, byte[]>> found = records(id, count, WAIT);
        assertThat(found).as("records of " + id).hasSizeGreaterThanOrEqualTo(count);
        return found;
    }

    private static List<ConsumerRecord<String, byte[]>> records(String id, int count, Duration timeout) {
        return new ArrayList<>(TopicReader.await(TOPIC, r -> id.equals(r.key()), count, timeout));
    }

    private static CredentialStateChanged read(ConsumerRecord<String, byte[]> record) {
        return (CredentialStateChanged) EventRecords.read(record);
    }

    private static CredentialRevocationChanged revocation(
            String tenantId, String id, RevocationStatus status, Instant at) {
        return new CredentialRevocationChanged(
                UUID.randomUUID(),
                at,
                tenantId,
                id,
                CredentialType.API_KEY,
                null,
                status,
                status == RevocationStatus.REINSTATED ? null : RevocationReason.MANUAL,
                "adm_test",
                null,
                at.plusSeconds(86_400));
    }

    /** As the revocation-service publishes: key {@code <tenant>/<id>}, CloudEvents headers. */
    private static void send(CredentialRevocationChanged change, Integer partition) {
        ProducerRecord<String, byte[]> built = EventRecords.toProducerRecord(change, "/watchword/revocation-service");
        assertThat(built.key()).isEqualTo(change.tenantId() + "/" + change.credentialId());
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(built.topic(), partition, built.key(), built.value(), built.headers());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static {
        EventSerde.mapper(); // load the schemas once, outside any test's timing
    }
}
