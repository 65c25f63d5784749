package io.watchword.revocation.it;

import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.CredentialType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Credential states as the issuer publishes them on the compacted credential-state topic. */
public final class CredentialStates {

    /** The issuer's CloudEvents source. */
    public static final String ISSUER = "/watchword/issuer-service";

    private CredentialStates() {}

    public static CredentialStateChanged state(
            String tenantId, String credentialId, CredentialType type, CredentialState status, Instant expiresAt) {
        return new CredentialStateChanged(
                UUID.randomUUID(),
                Instant.now(),
                tenantId,
                credentialId,
                type,
                "live",
                type == CredentialType.API_KEY ? "ww_live_AbCd1234" : "ww_admin_AbCd1234",
                "state test",
                List.of("orders:read"),
                List.of(),
                expiresAt,
                status,
                null,
                null,
                null);
    }

    public static CredentialStateChanged active(String tenantId, String credentialId, CredentialType type) {
        return state(
                tenantId,
                credentialId,
                type,
                CredentialState.ACTIVE,
                Instant.now().plusSeconds(3600));
    }

    /** The record the issuer's outbox relay sends for {@code state}. */
    public static ProducerRecord<String, byte[]> record(CredentialStateChanged state) {
        return EventRecords.toProducerRecord(state, ISSUER);
    }

    public static void publish(CredentialStateChanged state) {
        EventProbe.publishRaw(record(state));
    }
}
