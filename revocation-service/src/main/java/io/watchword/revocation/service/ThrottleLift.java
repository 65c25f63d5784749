package io.watchword.revocation.service;

import io.watchword.core.problem.ProblemException;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.kit.auth.IssuerUnavailableException;
import io.watchword.kit.outbox.OutboxWriter;
import io.watchword.revocation.credential.KnownCredential;
import io.watchword.revocation.repository.IssuerThrottles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Lifts a key's throttle for an admin of its tenant (an operator, or an analyst marking the alert
 * a false positive, decision 0212), as a suspension is reinstated (0159): this service checks the
 * tenant, the issuer lifts it and publishes the key's state, and both audit it (the issuer naming
 * this service, this service naming the admin who asked).
 */
@ApplicationScoped
public class ThrottleLift {

    /** The answer: which throttle was lifted. */
    public record Lifted(String credentialId, Integer rateLimit, String until, String reason) {}

    private final RevocationService revocations;
    private final IssuerThrottles issuer;
    private final OutboxWriter outbox;
    private final Clock clock = Clock.systemUTC();

    public ThrottleLift(RevocationService revocations, IssuerThrottles issuer, OutboxWriter outbox) {
        this.revocations = revocations;
        this.issuer = issuer;
        this.outbox = outbox;
    }

    /**
     * @throws ProblemException 404 for a key not in {@code tenantId} (the same answer whether it
     *     does not exist or is another tenant's), 409 when it is not throttled, 503 when the issuer
     *     cannot answer
     */
    @Transactional
    public Lifted lift(String tenantId, String credentialId, String comment, String requestedBy, String sourceIp) {
        KnownCredential key = revocations.requireCredential(tenantId, credentialId);
        try {
            var current = issuer.current(key.id())
                    .orElseThrow(() -> ProblemException.conflict(
                            "not-throttled", "Not throttled", "This key has no throttle in force."));
            if (issuer.lift(key.id()) != IssuerThrottles.Outcome.DONE) {
                throw ProblemException.conflict(
                        "not-throttled", "Not throttled", "The issuer has no throttle on this key to lift.");
            }
            Lifted lifted = new Lifted(
                    key.id(),
                    current.path("rateLimit").isInt() ? current.get("rateLimit").asInt() : null,
                    current.path("until").asText(null),
                    current.path("reason").asText(null));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("throttle", lifted.rateLimit() + " until " + lifted.until());
            if (lifted.reason() != null) {
                details.put("throttleReason", lifted.reason());
            }
            if (comment != null) {
                details.put("comment", comment);
            }
            outbox.append(new AuditRecorded(
                    UUID.randomUUID(),
                    clock.instant(),
                    key.tenantId(),
                    "revocation-service",
                    requestedBy,
                    "key.throttle.lift",
                    key.type().name(),
                    key.id(),
                    AuditOutcome.SUCCESS,
                    sourceIp,
                    null,
                    details));
            return lifted;
        } catch (IssuerUnavailableException e) {
            throw ProblemException.unavailable("The issuer cannot be reached to lift the throttle; retry shortly.");
        }
    }
}
