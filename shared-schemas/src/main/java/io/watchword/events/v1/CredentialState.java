package io.watchword.events.v1;

/** The lifecycle state of a credential on the credential-state topic. */
public enum CredentialState {
    /** Usable until {@code expiresAt}. */
    ACTIVE,
    /** Replaced by {@code replacementId}; usable until {@code graceEndsAt}. */
    ROTATED,
    EXPIRED,
    /** Refused until reinstated (back to its previous state). */
    SUSPENDED,
    REVOKED
}
