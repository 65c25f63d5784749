package io.watchword.events.v1;

/** How an audited action ended. */
public enum AuditOutcome {
    SUCCESS,
    DENIED,
    FAILED
}
