package io.watchword.issuer.service;

import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.issuer.config.IssuerConfig;
import io.watchword.issuer.credential.StoredCredential;
import io.watchword.issuer.limit.KeyLimitRepository;
import io.watchword.issuer.limit.KeyLimits;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * The single writer of {@code watchword.credential-state.v1} (decision 0078): appends a
 * credential's whole current state to the outbox in the caller's transaction, so the topic says
 * what the database committed, in the same order per credential.
 */
@ApplicationScoped
public class CredentialStatePublisher {

    private final OutboxWriter outbox;
    private final IssuerConfig config;
    private final KeyLimitRepository limits;

    public CredentialStatePublisher(OutboxWriter outbox, IssuerConfig config, KeyLimitRepository limits) {
        this.outbox = outbox;
        this.config = config;
        this.limits = limits;
    }

    /**
     * Publishes the credential's state, unless its tombstone is due (expiry + margin passed): a
     * state after the tombstone would bring a dead credential back onto the topic for good.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(StoredCredential credential, Instant now) {
        if (tombstoneDue(credential, now)) {
            return;
        }
        // Every publication carries the key's limits: the newest record is all a verifier keeps.
        outbox.append(stateOf(credential, now, limits.find(credential.id())));
    }

    /**
     * The first state of a credential created in this transaction: it has no limits yet (they are
     * saved after it, and published again then), so no need to read them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishNew(StoredCredential credential, Instant now) {
        if (tombstoneDue(credential, now)) {
            return;
        }
        outbox.append(stateOf(credential, now, KeyLimits.NONE));
    }

    /** Removes the credential from the compacted topic; it can never be used again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tombstone(String credentialId) {
        outbox.appendTombstone(Topics.CREDENTIAL_STATE.name(), credentialId);
    }

    boolean tombstoneDue(StoredCredential credential, Instant now) {
        return !credential
                .expiresAt()
                .plus(config.credentialState().tombstoneMargin())
                .isAfter(now);
    }

    /** The published view of a stored credential; never the secret or its hash. */
    public static CredentialStateChanged stateOf(StoredCredential c, Instant now) {
        return stateOf(c, now, KeyLimits.NONE);
    }

    /** As {@link #stateOf(StoredCredential, Instant)} with the key's limits (an expired throttle left out). */
    public static CredentialStateChanged stateOf(StoredCredential c, Instant now, KeyLimits l) {
        boolean throttled = l.throttledAt(now);
        return new CredentialStateChanged(
                UUID.randomUUID(),
                now,
                c.tenantId(),
                c.id(),
                c.type(),
                c.environment(),
                c.displayPrefix(),
                c.name(),
                c.scopeStrings(),
                c.allowedCidrs(),
                c.expiresAt(),
                state(c),
                c.graceEndsAt(),
                c.rotatedTo(),
                c.rotatedFrom(),
                l.rateLimit(),
                l.rateLimit() == null ? null : l.windowSeconds(),
                l.rateLimit() == null ? null : l.burst(),
                l.quotaPerDay(),
                l.quotaPerMonth(),
                throttled ? l.throttleRateLimit() : null,
                throttled ? l.throttleUntil() : null,
                throttled ? l.throttleReason() : null);
    }

    static CredentialState state(StoredCredential c) {
        return switch (c.status()) {
            case REVOKED -> CredentialState.REVOKED;
            case SUSPENDED -> CredentialState.SUSPENDED;
            case EXPIRED -> CredentialState.EXPIRED;
            case ACTIVE -> c.rotatedTo() != null ? CredentialState.ROTATED : CredentialState.ACTIVE;
        };
    }
}
