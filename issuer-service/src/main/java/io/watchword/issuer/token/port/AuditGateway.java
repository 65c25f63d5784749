package io.watchword.issuer.token.port;

import io.watchword.events.v1.AuditRecorded;
import java.util.concurrent.CompletableFuture;

/** Durable audit through the keys module's group-committing {@code AuditLog}. */
public interface AuditGateway {

    /** Returns once the record is durable. */
    void record(AuditRecorded event);

    /**
     * Queues the record without waiting (for event-loop threads). The future completes once the
     * record is durable, or fails if it could not be made durable within the audit timeout.
     */
    CompletableFuture<Void> recordAsync(AuditRecorded event);
}
