package io.watchword.issuer.token.service;

import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** What tests of other token packages need of this package's internals. */
public final class TokenTestSupport {

    private TokenTestSupport() {}

    /** Gathers a record as the service does during an in-memory attempt. */
    public static void record(InMemoryAttempt attempt, AuditRecorded event) {
        attempt.record(event);
    }

    /** Ends an attempt as the service does on a cache miss. */
    public static InMemoryAttempt.WouldBlock needsDatabase(InMemoryAttempt attempt) {
        return attempt.needsDatabase();
    }

    public static AuditRecorded auditRecord(AuditOutcome outcome) {
        return new AuditRecorded(
                UUID.randomUUID(),
                Instant.now(),
                "acme",
                "issuer-service",
                "key_1",
                TokenExchangeService.ACTION,
                "token",
                null,
                outcome,
                "192.0.2.7",
                "test",
                Map.of());
    }
}
