package io.watchword.analytics.alert;

/** Where an alert stands in triage. */
public enum AlertStatus {
    /** Nobody has looked at it yet. */
    OPEN,
    /** An analyst took it on. */
    ACKNOWLEDGED,
    /** An analyst judged it harmless; a suspension it caused was lifted. */
    FALSE_POSITIVE
}
