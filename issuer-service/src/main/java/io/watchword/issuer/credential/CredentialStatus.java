package io.watchword.issuer.credential;

/**
 * Lifecycle state of a stored credential. SUSPENDED and REVOKED mirror what the revocation-service
 * published on {@code watchword.revocations.v1} for a key of the same tenant; only ACTIVE is usable.
 */
public enum CredentialStatus {
    ACTIVE,
    EXPIRED,
    SUSPENDED,
    REVOKED
}
