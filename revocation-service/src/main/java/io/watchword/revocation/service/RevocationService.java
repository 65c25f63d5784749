package io.watchword.revocation.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.watchword.core.credential.CredentialIds;
import io.watchword.core.problem.ProblemException;
import io.watchword.events.Topics;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.kit.outbox.OutboxWriter;
import io.watchword.revocation.config.RevocationConfig;
import io.watchword.revocation.credential.KnownCredential;
import io.watchword.revocation.repository.CredentialRepository;
import io.watchword.revocation.repository.IssuerCredentials;
import io.watchword.revocation.repository.RevocationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one authority on revocation: every state change is stored and its
 * {@link CredentialRevocationChanged} appended to the outbox in the same transaction.
 */
@ApplicationScoped
public class RevocationService {

    private final RevocationRepository revocations;
    private final CredentialRepository credentials;
    private final IssuerCredentials issuer;
    private final OutboxWriter outbox;
    private final RevocationConfig config;
    private final MeterRegistry metrics;
    private final Clock clock = Clock.systemUTC();

    /** Told of every state change so a revoked or suspended admin key is refused on the next request. */
    @Inject
    io.watchword.kit.auth.AdminAuthenticator adminAuthentication;

    /** Which event carries each revocation's current state, for its receipt (decision 0166). */
    @Inject
    io.watchword.revocation.fleet.ReceiptRepository receipts;

    @Inject
    public RevocationService(
            RevocationRepository revocations,
            CredentialRepository credentials,
            IssuerCredentials issuer,
            OutboxWriter outbox,
            RevocationConfig config,
            MeterRegistry metrics) {
        this.revocations = revocations;
        this.credentials = credentials;
        this.issuer = issuer;
        this.outbox = outbox;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * What is known of {@code credentialId}: from the credentials topic, else confirmed with the
     * issuer and remembered, so a key created a moment ago is known before its event arrives
     * (issue 7, decision 0082). Any tenant's: the caller checks the tenant.
     */
    public Optional<KnownCredential> lookup(String credentialId) {
        Optional<KnownCredential> known = credentials.find(credentialId);
        if (known.isPresent()) {
            return known;
        }
        Optional<KnownCredential> confirmed = issuer.find(credentialId);
        confirmed.ifPresent(c -> {
            credentials.upsertIssued(c.id(), c.tenantId(), c.type(), c.expiresAt(), null);
            metrics.counter("watchword.credentials.confirmed.by.issuer").increment();
        });
        return confirmed;
    }

    /**
     * A credential of {@code tenantId}, or a 404 identical for an id that does not exist and one
     * of another tenant (decision 0081).
     */
    public KnownCredential requireCredential(String tenantId, String credentialId) {
        return lookup(credentialId)
                .filter(c -> c.tenantId().equals(tenantId))
                .orElseThrow(() -> ProblemException.notFound(
                        "No credential by that id in your tenant. Revoke an API key by its id (key_…) or a"
                                + " token by its jti (tok_…)."));
    }

    /** Revokes or suspends an API key or admin credential this service knows of. */
    @Transactional
    public RevocationOutcome changeCredential(
            String tenantId,
            String credentialId,
            RevocationStatus target,
            RevocationReason reason,
            String comment,
            String requestedBy,
            String sourceIp) {
        KnownCredential credential = requireCredential(tenantId, credentialId);
        Optional<Revocation> existing = revocations.lockByCredential(tenantId, credentialId);
        if (existing.isEmpty() && !credential.usableAt(clock.instant())) {
            throw ProblemException.conflict("Credential '" + credentialId + "' already expired at "
                    + credential.expiresAt() + " and is refused everywhere; there is nothing to revoke.");
        }
        return apply(new RevocationCommand(
                tenantId,
                credentialId,
                credential.type(),
                null,
                target,
                reason,
                comment,
                requestedBy,
                null,
                credential.expiresAt(),
                sourceIp));
    }

    /**
     * Revokes a token by its jti. Tokens are stored nowhere, so the jti is accepted in the caller's
     * tenant and its revocation lives as long as the longest token could (docs/decisions/0050).
     */
    @Transactional
    public RevocationOutcome revokeToken(
            String tenantId,
            String jti,
            String parentCredentialId,
            RevocationReason reason,
            String comment,
            String requestedBy,
            String sourceIp,
            Instant tokenExpiresAt,
            boolean verifyParent) {
        if (parentCredentialId != null && verifyParent) {
            requireCredential(tenantId, parentCredentialId);
        }
        Instant latest = clock.instant().plus(config.tokens().maxTtl());
        Instant expiresAt = tokenExpiresAt == null || tokenExpiresAt.isAfter(latest) ? latest : tokenExpiresAt;
        return apply(new RevocationCommand(
                tenantId,
                jti,
                CredentialType.TOKEN,
                parentCredentialId,
                RevocationStatus.REVOKED,
                reason,
                comment,
                requestedBy,
                null,
                expiresAt,
                sourceIp));
    }

    /**
     * Moves a credential to {@code command.target()}: idempotent (a revoked credential stays
     * revoked and publishes nothing new; a suspended one is not suspended twice).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RevocationOutcome apply(RevocationCommand command) {
        Instant now = clock.instant();
        Optional<Revocation> existing = revocations.lockByCredential(command.tenantId(), command.credentialId());
        if (existing.isEmpty()) {
            Revocation fresh = new Revocation(
                    CredentialIds.newId("rev"),
                    command.tenantId(),
                    command.credentialId(),
                    command.credentialType(),
                    command.parentCredentialId(),
                    command.target(),
                    command.reason(),
                    command.comment(),
                    command.requestedBy(),
                    command.alertId(),
                    now,
                    now,
                    command.expiresAt(),
                    command.expiresAt().plus(config.tombstone().margin()),
                    null);
            if (!revocations.insertIfAbsent(fresh)) {
                // Another transaction inserted it first: decide against its row.
                return apply(command);
            }
            publish(fresh, command.sourceIp());
            return new RevocationOutcome(fresh, true);
        }
        // Only the caller's tenant's row was looked at: another tenant's revocation of the same id
        // neither blocks nor is revealed by this one (no 409-vs-201 oracle, decision 0081).
        Revocation current = existing.get();
        boolean unchanged = current.status() == RevocationStatus.REVOKED
                || current.status() == command.target()
                || current.tombstonedAt() != null;
        if (unchanged) {
            return new RevocationOutcome(current, false);
        }
        Revocation changed = withState(current, command.target(), command.reason(), command, now);
        revocations.updateState(changed);
        publish(changed, command.sourceIp());
        return new RevocationOutcome(changed, true);
    }

    /** Lifts a suspension: the credential works again (status REINSTATED is published). */
    @Transactional
    public Revocation reinstate(String tenantId, String credentialId, String comment, String requestedBy, String ip) {
        Revocation current = revocations
                .lockByCredential(tenantId, credentialId)
                .orElseThrow(() -> ProblemException.notFound("This credential has no suspension in your tenant."));
        if (current.status() != RevocationStatus.SUSPENDED) {
            throw ProblemException.conflict("Credential '" + credentialId + "' is " + current.status()
                    + ", not SUSPENDED; only a suspension can be lifted (a revocation is permanent).");
        }
        RevocationCommand command = new RevocationCommand(
                tenantId,
                credentialId,
                current.credentialType(),
                null,
                RevocationStatus.REINSTATED,
                RevocationReason.MANUAL,
                comment,
                requestedBy,
                null,
                current.expiresAt(),
                ip);
        Revocation reinstated =
                withState(current, RevocationStatus.REINSTATED, RevocationReason.MANUAL, command, clock.instant());
        revocations.updateState(reinstated);
        publish(reinstated, ip);
        return reinstated;
    }

    /** Publishes tombstones for credentials that can no longer be used anyway; returns how many. */
    @Transactional
    public int publishDueTombstones(int limit) {
        Instant now = clock.instant();
        int count = 0;
        for (Revocation due : revocations.lockDueTombstones(now, limit)) {
            retireLegacyKey(due);
            outbox.appendTombstone(Topics.REVOCATIONS.name(), RevocationKeys.of(due.tenantId(), due.credentialId()));
            revocations.markTombstoned(due.id(), now);
            count++;
        }
        return count;
    }

    public Optional<Revocation> find(String tenantId, String id) {
        return revocations.findById(tenantId, id);
    }

    public RevocationRepository.Page list(String tenantId, Long beforeSeq, RevocationStatus status, int limit) {
        return revocations.list(tenantId, beforeSeq, status, limit);
    }

    private static Revocation withState(
            Revocation current,
            RevocationStatus status,
            RevocationReason reason,
            RevocationCommand command,
            Instant now) {
        return new Revocation(
                current.id(),
                current.tenantId(),
                current.credentialId(),
                current.credentialType(),
                current.parentCredentialId() != null ? current.parentCredentialId() : command.parentCredentialId(),
                status,
                reason,
                command.comment(),
                command.requestedBy(),
                command.alertId(),
                current.createdAt(),
                now,
                current.expiresAt(),
                current.tombstoneDueAt(),
                current.tombstonedAt());
    }

    /** A row published under the bare credential id before V4: remove that record first. */
    private void retireLegacyKey(Revocation r) {
        if (revocations.takeLegacyKey(r.id())) {
            outbox.appendTombstone(Topics.REVOCATIONS.name(), r.credentialId());
        }
    }

    private void publish(Revocation r, String sourceIp) {
        if (r.status() == RevocationStatus.REINSTATED) {
            adminAuthentication.reinstated(r.tenantId(), r.credentialId());
        } else {
            adminAuthentication.invalidate(r.tenantId(), r.credentialId());
        }
        UUID eventId = UUID.randomUUID();
        receipts.publishing(r.id(), eventId);
        // The legacy tombstone, the event and its audit record in ONE insert (one round trip less
        // between the request and the commit that wakes the relay, decision 0235).
        outbox.appendTogether(() -> {
            retireLegacyKey(r);
            appendChange(r, eventId, sourceIp);
            return null;
        });
        metrics.counter(
                        "watchword.revocations",
                        "status",
                        r.status().name(),
                        "reason",
                        r.reason().name())
                .increment();
    }

    private void appendChange(Revocation r, UUID eventId, String sourceIp) {
        // Keyed <tenantId>/<credentialId> (contract 3): consumers apply it to that tenant only.
        outbox.append(
                new CredentialRevocationChanged(
                        eventId,
                        r.updatedAt(),
                        r.tenantId(),
                        r.credentialId(),
                        r.credentialType(),
                        r.parentCredentialId(),
                        r.status(),
                        r.reason(),
                        r.requestedBy(),
                        r.alertId() == null ? null : r.alertId().toString(),
                        r.expiresAt()),
                RevocationKeys.of(r.tenantId(), r.credentialId()));
        Map<String, String> details = new HashMap<>();
        details.put("status", r.status().name());
        details.put("reason", r.reason().name());
        details.put("revocationId", r.id());
        if (r.alertId() != null) {
            details.put("alertId", r.alertId().toString());
        }
        outbox.append(new AuditRecorded(
                UUID.randomUUID(),
                r.updatedAt(),
                r.tenantId(),
                "revocation-service",
                r.requestedBy(),
                "credential." + r.status().name().toLowerCase(java.util.Locale.ROOT),
                r.credentialType().name(),
                r.credentialId(),
                AuditOutcome.SUCCESS,
                sourceIp,
                null,
                details));
    }
}
