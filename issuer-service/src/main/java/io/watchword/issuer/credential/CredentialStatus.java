package io.watchword.issuer.credential;

/** Lifecycle state of a stored credential. Revocation lives in revocation-service. */
public enum CredentialStatus {
    ACTIVE,
    EXPIRED
}
