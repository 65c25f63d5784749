package io.watchword.detector.scenario;

/** A benign change that resembles a compromise: the detector should not page anyone for it. */
public enum LookAlikeType {
    /** A campaign: several times the usual volume for a few hours, same clients and routes. */
    MARKETING_SPIKE,
    /** A service moves to another region of its cloud gradually over a day or so. */
    REGION_MOVE,
    /** A partner starts calling with the key from its own network and client, in office hours. */
    PARTNER_INTEGRATION,
    /** A backfill: a large burst of reads from the owner's usual networks and client. */
    BACKFILL,
    /** Disaster-recovery failover: every server-side key of a tenant moves to its DR region for hours. */
    DR_FAILOVER,
    /** A new developer starts trying the key with curl from home, during working hours. */
    NEW_DEVELOPER
}
