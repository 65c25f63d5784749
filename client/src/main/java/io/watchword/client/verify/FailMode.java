package io.watchword.client.verify;

/** What to do when the revocation feed has been unreachable for longer than allowed. */
public enum FailMode {
    /** Refuse every credential (503): a revoked credential must never work. The default. */
    CLOSED,
    /** Keep verifying against the last known revocations; health and metrics say so. */
    OPEN
}
