package io.watchword.events.v1;

/**
 * The state of a credential on the compacted credential-state topic. A verifier also refuses on its
 * own clock, without waiting for a newer state: at {@code expiresAt}, and for {@link #ROTATED} at
 * {@code graceEndsAt}.
 */
public enum CredentialState {
    /** Usable until {@code expiresAt}. */
    ACTIVE,
    /** Replaced by {@code replacementId}; usable until {@code graceEndsAt} (and {@code expiresAt}). */
    ROTATED,
    /** Past its expiry (or its rotation grace): refused for good. */
    EXPIRED,
    /** Refused until reinstated (a reversible response to an alert). */
    SUSPENDED,
    /** Refused for good. */
    REVOKED
}
