package io.watchword.issuer.token.port;

import io.watchword.events.v1.AuditRecorded;

/** Durable audit through the keys module's group-committing {@code AuditLog}. */
public interface AuditGateway {

    /** Returns once the record is durable. */
    void record(AuditRecorded event);
}
