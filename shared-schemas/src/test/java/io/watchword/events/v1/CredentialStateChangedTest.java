package io.watchword.events.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.events.EventSerde;
import io.watchword.events.EventType;
import io.watchword.events.InvalidEventException;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class CredentialStateChangedTest {

    private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");

    private static CredentialStateChanged state(CredentialState status, Instant expiresAt, Instant graceEndsAt) {
        return new CredentialStateChanged(
                UUID.randomUUID(),
                NOW,
                "acme",
                "key_abc",
                CredentialType.API_KEY,
                "live",
                "ww_live_AbCd1234",
                "checkout",
                List.of("orders:read"),
                List.of(),
                expiresAt,
                status,
                graceEndsAt,
                status == CredentialState.ROTATED ? "key_new" : null,
                null);
    }

    @Test
    void topicIsCompactedLikeRevocationsKeyedByCredentialIdWithSixPartitions() {
        assertThat(Topics.CREDENTIAL_STATE.name()).isEqualTo("watchword.credential-state.v1");
        assertThat(Topics.CREDENTIAL_STATE.compacted()).isTrue();
        assertThat(Topics.CREDENTIAL_STATE.configs()).isEqualTo(Topics.REVOCATIONS.configs());
        assertThat(Topics.CREDENTIAL_STATE.partitions()).isEqualTo(6);
        assertThat(Topics.ALL).contains(Topics.CREDENTIAL_STATE);
        assertThat(EventType.CREDENTIAL_STATE_CHANGED.cloudEventType())
                .isEqualTo("io.watchword.credential.state-changed.v1");
        assertThat(EventType.CREDENTIAL_STATE_CHANGED.topic()).isEqualTo(Topics.CREDENTIAL_STATE);
    }

    @Test
    void activeKeyIsUsableUntilItsExpiryOnTheVerifiersClock() {
        CredentialStateChanged active = state(CredentialState.ACTIVE, NOW.plusSeconds(60), null);

        assertThat(active.usableAt(NOW.plusSeconds(59))).isTrue();
        assertThat(active.usableAt(NOW.plusSeconds(60))).isFalse();
    }

    @Test
    void rotatedKeyIsUsableUntilItsGraceEnds() {
        CredentialStateChanged rotated = state(CredentialState.ROTATED, NOW.plusSeconds(3_600), NOW.plusSeconds(5));

        assertThat(rotated.usableAt(NOW.plusSeconds(4))).isTrue();
        assertThat(rotated.usableAt(NOW.plusSeconds(5))).isFalse();
    }

    @Test
    void expiredSuspendedAndRevokedKeysAreNeverUsable() {
        for (CredentialState status :
                List.of(CredentialState.EXPIRED, CredentialState.SUSPENDED, CredentialState.REVOKED)) {
            assertThat(state(status, NOW.plusSeconds(3_600), null).usableAt(NOW))
                    .as(status.name())
                    .isFalse();
        }
    }

    @Test
    void stateWithoutAllowedCidrsIsRefusedRatherThanReadAsAnyNetwork() {
        String json = new String(
                        EventSerde.serialize(state(CredentialState.ACTIVE, NOW.plusSeconds(60), null)),
                        StandardCharsets.UTF_8)
                .replace("\"allowedCidrs\":[],", "");

        assertThatThrownBy(() ->
                        EventSerde.deserialize(json.getBytes(StandardCharsets.UTF_8), CredentialStateChanged.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("allowedCidrs");
    }

    @Test
    void recordIsKeyedByCredentialIdAndATombstoneRemovesIt() {
        CredentialStateChanged active = state(CredentialState.ACTIVE, NOW.plusSeconds(60), null);

        ProducerRecord<String, byte[]> record = EventRecords.toProducerRecord(active, "/watchword/issuer-service");
        ProducerRecord<String, byte[]> tombstone = EventRecords.tombstone(Topics.CREDENTIAL_STATE, "key_abc");

        assertThat(record.topic()).isEqualTo("watchword.credential-state.v1");
        assertThat(record.key()).isEqualTo("key_abc");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("hash");
        assertThat(tombstone.key()).isEqualTo("key_abc");
        assertThat(tombstone.value()).isNull();
        assertThat(EventRecords.read(new ConsumerRecord<>(tombstone.topic(), 0, 0L, tombstone.key(), (byte[]) null)))
                .isNull();
    }

    @Test
    void revocationRecordIsKeyedByTenantAndCredentialId() {
        CredentialRevocationChanged revoked = new CredentialRevocationChanged(
                UUID.randomUUID(),
                NOW,
                "acme",
                "tok_1",
                CredentialType.TOKEN,
                "key_abc",
                RevocationStatus.REVOKED,
                RevocationReason.MANUAL,
                "adm_1",
                null,
                NOW.plusSeconds(60));

        assertThat(revoked.partitionKey()).isEqualTo("acme/tok_1");
        assertThat(revoked.subject()).isEqualTo("tok_1");
        assertThat(CredentialRevocationChanged.key("globex", "tok_1")).isEqualTo("globex/tok_1");
    }
}
