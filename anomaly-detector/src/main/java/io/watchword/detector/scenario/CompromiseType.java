package io.watchword.detector.scenario;

/** The injected misuse of a key: what the detector must catch. */
public enum CompromiseType {
    /** A leaked key used from new networks with another client, while the owner keeps using it. */
    LEAKED_KEY_NEW_NETWORK,
    /** Scope probing and path guessing: bursts of 403 (insufficient scope) and 404 answers. */
    SCOPE_PROBING,
    /** Bulk exfiltration: list and export routes at many times the usual volume and bytes. */
    BULK_EXFILTRATION,
    /** A key pasted in public (a repository, a forum) and used from many hosts at once. */
    PASTED_IN_PUBLIC,
    /** A key unused for its whole history suddenly used, from a network it never used. */
    DORMANT_KEY_REUSED,
    /** A few requests an hour to sensitive routes the owner never calls, for a day or two. */
    LOW_AND_SLOW,
    /** Somebody else's way of working on the key: other client, network, hours and routes. */
    OTHER_OWNER_BEHAVIOUR,
    /** A revoked or rotated-out key used after its end (every request refused by the verifier). */
    REVOKED_KEY_USED
}
