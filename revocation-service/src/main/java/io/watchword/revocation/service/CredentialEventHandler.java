package io.watchword.revocation.service;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.InvalidEventException;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.revocation.kafka.RejectedRecordException;
import io.watchword.revocation.repository.CredentialRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Keeps the credentials table in step with the compacted {@code watchword.credential-state.v1}
 * (decision 0103), so revocations can be checked (existence, tenant, expiry) without calling the
 * issuer, and a consumer starting from an empty group learns every credential that can still be
 * used. The newest state of a credential replaces what was known; its tombstone marks it gone.
 * Idempotent by event id. A held alert about the credential is acted on once its row exists
 * (decision 0083).
 */
@ApplicationScoped
public class CredentialEventHandler {

    private final CredentialRepository credentials;

    @Inject
    public CredentialEventHandler(CredentialRepository credentials) {
        this.credentials = credentials;
    }

    @Transactional
    public void handle(ConsumerRecord<String, byte[]> record) {
        require(record.key() != null && !record.key().isEmpty(), "record has no key (the credential id)");
        if (record.value() == null) {
            // The issuer's tombstone: the credential can never be used again (decision 0101).
            credentials.markGone(record.key());
            return;
        }
        if (!(parse(record) instanceof CredentialStateChanged state)) {
            throw new RejectedRecordException("not a CredentialStateChanged");
        }
        require(
                state.eventId() != null
                        && state.credentialId() != null
                        && state.tenantId() != null
                        && state.credentialType() != null
                        && state.expiresAt() != null
                        && state.status() != null
                        && state.occurredAt() != null,
                "CredentialStateChanged lacks eventId, credentialId, tenantId, credentialType, expiresAt, status or"
                        + " occurredAt");
        // The key is what compaction and tombstones go by: a state under another key would be
        // removed by the wrong tombstone.
        require(record.key().equals(state.credentialId()), "record key is not the credential id");
        require(
                state.status() != CredentialState.ROTATED || state.graceEndsAt() != null,
                "a ROTATED CredentialStateChanged lacks graceEndsAt");
        if (!credentials.markProcessed(state.eventId())) {
            return;
        }
        credentials
                .tenantOf(state.credentialId())
                .filter(tenant -> !tenant.equals(state.tenantId()))
                .ifPresent(tenant -> {
                    throw new RejectedRecordException("credential '" + state.credentialId()
                            + "' is known in another tenant: a credential never changes tenant");
                });
        credentials.applyState(
                state.credentialId(),
                state.tenantId(),
                state.credentialType(),
                usableUntil(state),
                state.status() == CredentialState.EXPIRED,
                state.status().name(),
                state.rotatedFrom(),
                state.occurredAt());
    }

    /**
     * When it stops being usable on this service's clock: a rotated credential at the end of its
     * grace. SUSPENDED and REVOKED are this service's own decisions (its revocations table is their
     * source); reading them back from the issuer's state must not make a suspension irreversible.
     */
    private static Instant usableUntil(CredentialStateChanged state) {
        if (state.status() == CredentialState.ROTATED && state.graceEndsAt().isBefore(state.expiresAt())) {
            return state.graceEndsAt();
        }
        return state.expiresAt();
    }

    private static WatchwordEvent parse(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (type == null) {
            throw new RejectedRecordException("missing header " + CloudEventHeaders.TYPE);
        }
        try {
            return EventSerde.deserialize(record.value(), CloudEventHeaders.text(type.value()));
        } catch (InvalidEventException e) {
            throw new RejectedRecordException(e.getMessage());
        }
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new RejectedRecordException(reason);
        }
    }
}
