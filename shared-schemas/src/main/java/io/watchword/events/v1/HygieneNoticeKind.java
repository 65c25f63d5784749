package io.watchword.events.v1;

/** What a {@link CredentialHygieneNotice} announces. */
public enum HygieneNoticeKind {
    /** The key has not been used for the tenant's policy period: it will be revoked at {@code revokeAt} unless used. */
    STALE_WARNING,
    /** The key was used again during the grace period: the pending revocation is cancelled. */
    STALE_CANCELLED,
    /** The grace period ended without use: the key was revoked through the revocation-service. */
    STALE_REVOKED,
    /** The key expires at {@code expiresAt}, within the threshold {@code threshold}. */
    EXPIRY_APPROACHING
}
