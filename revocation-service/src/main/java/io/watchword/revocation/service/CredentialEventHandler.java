package io.watchword.revocation.service;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.InvalidEventException;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.v1.CredentialExpired;
import io.watchword.events.v1.CredentialIssued;
import io.watchword.events.v1.CredentialRotated;
import io.watchword.revocation.kafka.RejectedRecordException;
import io.watchword.revocation.repository.CredentialRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Keeps the credentials table in step with {@code watchword.credentials.v1}, so revocations can
 * be checked (existence, tenant, expiry) without calling the issuer. Idempotent by event id.
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
        WatchwordEvent event = parse(record);
        if (!credentials.markProcessed(event.eventId())) {
            return;
        }
        if (event instanceof CredentialIssued issued) {
            require(
                    issued.credentialId() != null
                            && issued.tenantId() != null
                            && issued.credentialType() != null
                            && issued.expiresAt() != null,
                    "CredentialIssued lacks credentialId, tenantId, credentialType or expiresAt");
            credentials.upsertIssued(
                    issued.credentialId(),
                    issued.tenantId(),
                    issued.credentialType(),
                    issued.expiresAt(),
                    issued.rotatedFrom());
        } else if (event instanceof CredentialRotated rotated) {
            require(
                    rotated.credentialId() != null && rotated.graceEndsAt() != null,
                    "CredentialRotated lacks credentialId or graceEndsAt");
            credentials.shortenExpiry(rotated.credentialId(), rotated.graceEndsAt());
        } else if (event instanceof CredentialExpired expired) {
            require(
                    expired.credentialId() != null && expired.expiredAt() != null,
                    "CredentialExpired lacks credentialId or expiredAt");
            credentials.markExpired(expired.credentialId(), expired.expiredAt());
        }
        // CredentialUpdated (name, metadata) changes nothing this service needs.
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
