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
import io.watchword.events.kafka.EventRecords;
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
 * Records an attacker (or a buggy producer) can put on the consumed credential-state topic: none
 * stops the service, none blocks its partition, each is dead-lettered with the reason.
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
        String id = CredentialIds.newId("key");
        // Valid JSON and valid against the schema, but PostgreSQL refuses text with a NUL character.
        CredentialStates.publish(CredentialStates.active("t\u0000poison", id, CredentialType.API_KEY));
        // The same credential's next state: same key, so the same partition, right behind the poison.
        CredentialStates.publish(CredentialStates.active("tgood", id, CredentialType.API_KEY));

        KnownCredentials.awaitKnown(dataSource, id);
        var dead = EventProbe.awaitCount(Topics.DEAD_LETTERS.name(), id, 1);
        assertThat(dead).hasSize(1);
        String reason = EventProbe.header(dead.get(0), DeadLetters.REASON);
        assertThat(reason).startsWith("gave up after 4 attempts");
        assertThat(EventProbe.header(dead.get(0), DeadLetters.ORIGINAL_TOPIC))
                .isEqualTo(Topics.CREDENTIAL_STATE.name());
        assertThat(EventProbe.header(dead.get(0), DeadLetters.CONSUMER))
                .isEqualTo("watchword-revocation-service-credential-state");
        assertThat(EventProbe.header(dead.get(0), CloudEventHeaders.TYPE))
                .as("the record is kept as it was, so it can be replayed")
                .isEqualTo("io.watchword.credential.state-changed.v1");
    }

    @Test
    void malformedStateRecordsAreDeadLetteredWithAReasonWhileTheNextGoodStateIsApplied() {
        String id = CredentialIds.newId("key");
        String topic = Topics.CREDENTIAL_STATE.name();
        EventProbe.publishRaw(topic, id, "{not json".getBytes(StandardCharsets.UTF_8));
        EventProbe.publishRaw(topic, id, new byte[] {(byte) 0xff, 0x00, 0x13});
        // Another credential's state under this key: a tombstone for this key would remove it.
        ProducerRecord<String, byte[]> misfiled = CredentialStates.record(
                CredentialStates.active("tother", CredentialIds.newId("key"), CredentialType.API_KEY));
        EventProbe.publishRaw(new ProducerRecord<>(topic, null, id, misfiled.value(), misfiled.headers()));
        // Same key, so the same partition, right behind the three.
        CredentialStates.publish(CredentialStates.active("tafter", id, CredentialType.API_KEY));

        KnownCredentials.awaitKnown(dataSource, id);
        var dead = EventProbe.awaitCount(Topics.DEAD_LETTERS.name(), id, 3);
        assertThat(dead).hasSize(3);
        assertThat(dead).allSatisfy(record -> assertThat(EventProbe.header(record, DeadLetters.REASON))
                .isNotBlank()
                .doesNotStartWith("gave up"));
        assertThat(EventProbe.header(dead.get(2), DeadLetters.REASON)).contains("not the credential id");
    }

    @Test
    void aRecordWithAWrongEventTypeIsDeadLettered() {
        String key = CredentialIds.newId("key");
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.CREDENTIAL_STATE.name(), key, "{\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, "io.watchword.nonsense.v9".getBytes(StandardCharsets.UTF_8));
        EventProbe.publishRaw(record);
        // A valid event of another type, misrouted to the state topic.
        ProducerRecord<String, byte[]> issued =
                EventRecords.toProducerRecord(issued("twrong", key), "/watchword/tests");
        EventProbe.publishRaw(
                new ProducerRecord<>(Topics.CREDENTIAL_STATE.name(), null, key, issued.value(), issued.headers()));

        var dead = EventProbe.awaitCount(Topics.DEAD_LETTERS.name(), key, 2);
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(r -> assertThat(EventProbe.header(r, DeadLetters.REASON))
                .isNotBlank());
        assertThat(EventProbe.header(dead.get(1), DeadLetters.REASON)).contains("not a CredentialStateChanged");
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
