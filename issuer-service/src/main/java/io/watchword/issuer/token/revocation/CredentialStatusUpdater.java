package io.watchword.issuer.token.revocation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.issuer.config.IssuerConfig;
import io.watchword.issuer.credential.CredentialLookup;
import io.watchword.issuer.credential.CredentialRepository;
import io.watchword.issuer.credential.CredentialStatus;
import io.watchword.issuer.credential.StoredCredential;
import io.watchword.issuer.service.CredentialStatePublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Applies a revocation record read from {@code watchword.revocations.v1} to the stored API key or
 * admin key it names, and publishes the credential's new state, in one transaction (the issuer is
 * the single writer of the credential-state topic; decision 0078).
 *
 * <p>Only to a credential of the record's tenant (contract 3 of issue 6): another tenant's record
 * for the same id changes nothing. Idempotent on replays (the follower reads the topic from the
 * beginning at every start): a record no newer than the last one applied, by {@code occurredAt},
 * changes nothing, and an unchanged status publishes nothing.
 */
@ApplicationScoped
public class CredentialStatusUpdater {

    private static final Logger LOG = Logger.getLogger(CredentialStatusUpdater.class);

    private final CredentialRepository repository;
    private final CredentialLookup lookup;
    private final CredentialStatePublisher states;
    private final IssuerConfig config;
    private final Clock clock;

    public CredentialStatusUpdater(
            CredentialRepository repository,
            CredentialLookup lookup,
            CredentialStatePublisher states,
            IssuerConfig config,
            Clock clock) {
        this.repository = repository;
        this.lookup = lookup;
        this.states = states;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Applies the record, retrying a failing database a few times. If it still fails the record is
     * left to the replay at the next start (logged); the follower's own registry already refuses
     * the credential meanwhile.
     */
    public void apply(CredentialRevocationChanged change) {
        if (change.credentialType() == CredentialType.TOKEN || change.occurredAt() == null) {
            return; // tokens are not stored here; their refusal lives in the registry only
        }
        int attempts = Math.max(1, config.credentialState().revocationAttempts());
        for (int attempt = 1; ; attempt++) {
            try {
                if (QuarkusTransaction.requiringNew().call(() -> applyInTransaction(change))) {
                    lookup.invalidate(change.credentialId());
                }
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    LOG.errorf(
                            "could not store the %s of %s after %d attempts, it is applied at the next start: %s",
                            change.status(), change.credentialId(), attempts, e.getMessage());
                    return;
                }
                sleep(Duration.ofMillis(200L * attempt));
            }
        }
    }

    /** @return true if the stored status changed (and its state was published) */
    boolean applyInTransaction(CredentialRevocationChanged change) {
        var found = repository.findForRevocation(change.credentialId());
        if (found.isEmpty()) {
            return false;
        }
        StoredCredential current = found.get().credential();
        if (!current.tenantId().equals(change.tenantId())) {
            // Another tenant named this id: nothing of this credential changes (contract 3).
            return false;
        }
        Instant applied = found.get().revocationAppliedAt();
        if (applied != null && !change.occurredAt().isAfter(applied)) {
            return false; // a replay, or a record older than one already applied
        }
        CredentialStatus next = next(current.status(), change);
        Instant now = clock.instant();
        repository.applyRevocation(current.id(), next, change.occurredAt(), now);
        if (next == current.status()) {
            return false;
        }
        states.publish(repository.findById(current.id()).orElseThrow(), now);
        return true;
    }

    /**
     * REVOKED is final; a suspension applies to an ACTIVE key only (an expired key stays EXPIRED);
     * reinstatement lifts a suspension only (the expiry job then expires it if it lapsed meanwhile).
     */
    static CredentialStatus next(CredentialStatus current, CredentialRevocationChanged change) {
        if (current == CredentialStatus.REVOKED) {
            return current;
        }
        return switch (change.status()) {
            case REVOKED -> CredentialStatus.REVOKED;
            case SUSPENDED -> current == CredentialStatus.ACTIVE ? CredentialStatus.SUSPENDED : current;
            case REINSTATED -> current == CredentialStatus.SUSPENDED ? CredentialStatus.ACTIVE : current;
        };
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
