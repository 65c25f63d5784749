package io.watchword.events.v1;

/** The state of a credential on the revocations topic; the newest record per key wins. */
public enum RevocationStatus {
    /** Permanently refused. */
    REVOKED,
    /** Refused until reinstated (a reversible response to an alert). */
    SUSPENDED,
    /** A suspension was lifted: the credential works again. */
    REINSTATED
}
