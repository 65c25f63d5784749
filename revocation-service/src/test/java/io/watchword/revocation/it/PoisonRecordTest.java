package io.watchword.revocation.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.Topics;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.events.v1.CredentialIssued;
import io.watchword.events.v1.CredentialType;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Records an attacker (or a buggy producer) can put on the consumed topics: none stops the
 * service, none blocks its partition, each is dead-lettered with the reason.
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class PoisonRecordTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRecordThatParsesButFailsInPostgresIsRetriedThenDeadLetteredWhileTheNextRecordOnItsPartitionIsProcessed() {
        String poisonId = CredentialIds.newId("key");
        String goodId = CredentialIds.newId("key");
        // Valid JSON and valid against the schema, but PostgreSQL refuses text with a NUL character.
        EventProbe.publishWithKey(issued("t\u0000poison", poisonId), poisonId);
        // Same record key, so the same partition, right behind the poison.
        EventProbe.publishWithKey(issued("tgood", goodId), poisonId);

        KnownCredentials.awaitKnown(dataSource, goodId);
        var dead = EventProbe.awaitCount(Topics.DEAD_LETTERS.name(), poisonId, 1);
        assertThat(dead).hasSize(1);
        String reason = EventProbe.header(dead.get(0), DeadLetters.REASON);
        assertThat(reason).startsWith("gave up after 4 attempts");
        assertThat(EventProbe.header(dead.get(0), DeadLetters.ORIGINAL_TOPIC)).isEqualTo(Topics.CREDENTIALS.name());
        assertThat(EventProbe.header(dead.get(0), DeadLetters.CONSUMER))
                .isEqualTo("watchword-revocation-service-credentials");
        assertThat(EventProbe.header(dead.get(0), CloudEventHeaders.TYPE))
                .as("the record is kept as it was, so it can be replayed")
                .isEqualTo("io.watchword.credential.issued.v1");
    }

    @Test
    void malformedRecordsAreDeadLetteredWithAReasonAndTheConsumerMovesOn() {
        String key = CredentialIds.newId("key");
        String after = CredentialIds.newId("key");
        EventProbe.publishRaw(Topics.CREDENTIALS.name(), key, "{not json".getBytes(StandardCharsets.UTF_8));
        EventProbe.publishRaw(Topics.CREDENTIALS.name(), key, new byte[] {(byte) 0xff, 0x00, 0x13});
        EventProbe.publishRaw(Topics.CREDENTIALS.name(), key, null);
        EventProbe.publishWithKey(issued("tafter", after), key);

        KnownCredentials.awaitKnown(dataSource, after);
        var dead = EventProbe.awaitCount(Topics.DEAD_LETTERS.name(), key, 3);
        assertThat(dead).hasSize(3);
        assertThat(dead).allSatisfy(record -> assertThat(EventProbe.header(record, DeadLetters.REASON))
                .isNotBlank()
                .doesNotStartWith("gave up"));
    }

    @Test
    void aRecordWithAWrongEventTypeIsDeadLettered() {
        String key = CredentialIds.newId("key");
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.CREDENTIALS.name(), key, "{\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, "io.watchword.nonsense.v9".getBytes(StandardCharsets.UTF_8));
        EventProbe.publishRaw(record);

        var dead = EventProbe.awaitCount(Topics.DEAD_LETTERS.name(), key, 1);
        assertThat(EventProbe.header(dead.get(0), DeadLetters.REASON)).isNotBlank();
    }

    private static CredentialIssued issued(String tenantId, String credentialId) {
        return new CredentialIssued(
                UUID.randomUUID(),
                Instant.now(),
                tenantId,
                credentialId,
                CredentialType.API_KEY,
                "poison test",
                "live",
                "ww_live_AbCd1234",
                List.of("orders:read"),
                List.of(),
                Map.of(),
                Instant.now().plusSeconds(3600),
                null,
                "adm_AAAAAAAAAAAAAAAAAAAAAA");
    }
}
