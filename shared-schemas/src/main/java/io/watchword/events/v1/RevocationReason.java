package io.watchword.events.v1;

/** Why a credential was revoked or suspended. */
public enum RevocationReason {
    COMPROMISED,
    ANOMALY,
    ROTATED,
    UNUSED,
    MANUAL,
    EXPOSED
}
