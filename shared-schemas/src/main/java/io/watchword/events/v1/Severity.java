package io.watchword.events.v1;

/** How serious an anomaly is, lowest first. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
