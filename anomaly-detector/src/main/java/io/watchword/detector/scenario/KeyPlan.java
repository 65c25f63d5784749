package io.watchword.detector.scenario;

import io.watchword.detector.scenario.Catalogue.Route;
import java.util.ArrayList;
import java.util.List;

/** Everything decided up front about one key (and its replacement, if it is rotated). */
final class KeyPlan {

    final int index;
    final Tenant tenant;
    Behaviour behaviour;
    final String credentialId;
    final String displayPrefix;
    final String name;
    final long issuedAt;
    List<String> scopes;
    /** Routes the key's scopes allow, and the few its owner actually calls (cumulative weights). */
    List<Route> allowed;

    List<Route> usual;
    double[] usualWeights;
    /** Owner's base rate in requests per second (before the behaviour's rhythm and the scale). */
    double baseRate;
    /** The owner's own addresses (egress, batch host, office NAT) and after a NAT rotation. */
    int[] ips;

    int[] ipsAfterNat;
    long natRotationAt = Long.MAX_VALUE;
    /** Its own User-Agent choices (humans, CI, mobile app builds); server keys use the tenant's library. */
    String[] agents;

    long upgradeLag;
    int officeStartHour;
    int officeEndHour;
    /** Explicit activity windows (batch runs, deploys, sessions): start, end, rate and address each. */
    long[] windowStart = new long[0];

    long[] windowEnd = new long[0];
    double[] windowRate = new double[0];
    int[] windowIp = new int[0];
    /** Benign rotation: the replacement id, when it is issued and when the owner switches to it. */
    String replacementId;

    String replacementPrefix;
    long rotatedAt = Long.MAX_VALUE;
    long switchAt = Long.MAX_VALUE;
    long graceEndsAt = Long.MAX_VALUE;
    /** Revocation (for a revoked key reused later): the owner stops at this time. */
    long revokedAt = Long.MAX_VALUE;
    /** Injection. */
    CompromiseType compromise;

    LookAlikeType lookAlike;
    long injectionStart = Long.MAX_VALUE;
    long injectionEnd = Long.MAX_VALUE;
    double injectionFactor = 1;
    /** The change was announced on the detector's control topic beforehand. */
    boolean announced;

    final List<String> changes = new ArrayList<>();
    /** Filled while generating: first and last malicious event time. */
    long firstMaliciousAt = Long.MAX_VALUE;

    long lastMaliciousAt = Long.MIN_VALUE;

    KeyPlan(int index, Tenant tenant, String credentialId, String displayPrefix, String name, long issuedAt) {
        this.index = index;
        this.tenant = tenant;
        this.credentialId = credentialId;
        this.displayPrefix = displayPrefix;
        this.name = name;
        this.issuedAt = issuedAt;
    }

    boolean serverSide() {
        return behaviour == Behaviour.STEADY_SERVICE
                || behaviour == Behaviour.NIGHTLY_BATCH
                || behaviour == Behaviour.OFFICE_HOURS;
    }

    /** The id the owner uses at {@code time}: the replacement once switched. */
    String ownerCredentialAt(long time) {
        return replacementId != null && time >= switchAt ? replacementId : credentialId;
    }

    /** When the owner stops using the key lineage (revoked), or {@code Long.MAX_VALUE}. */
    long ownerEnd() {
        return revokedAt;
    }

    void markMalicious(long time) {
        firstMaliciousAt = Math.min(firstMaliciousAt, time);
        lastMaliciousAt = Math.max(lastMaliciousAt, time);
    }
}
