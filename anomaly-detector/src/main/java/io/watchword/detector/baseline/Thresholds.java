package io.watchword.detector.baseline;

import io.watchword.detector.DetectorConfig;
import java.io.Serializable;
import java.util.Map;

/**
 * The detectors' thresholds and scores, read once from {@link DetectorConfig} (hot path: plain
 * fields). A tenant's overrides (control topic) produce a copy with some fields replaced.
 */
public final class Thresholds implements Serializable, Cloneable {
    private static final long serialVersionUID = 1L;

    /** Events a key needs before its own baseline judges it (before that: its tenant's prior). */
    public long learnEvents;
    /** Events the tenant prior needs before it judges a key that has no history. */
    public long priorMinEvents;
    /** Event time the tenant prior needs to have learned for before it judges (a day: it has seen the rhythm). */
    public long priorMinAgeMs;

    public double alertThreshold;
    public double mediumAt;
    public double highAt;
    public double criticalAt;
    public long correlationWindowMs;
    public long alertCooldownMs;
    /** The same evidence (detector and subject) alerts again only after this long, or at a higher severity. */
    public long alertRepeatAfterMs;

    public double newNetworkScore;
    /** Multiplier for a new network inside a block (/16) where the key already uses several: its normal spread. */
    public double spreadFactor;

    public int spreadNetworks;
    /** A new network in a block (/16) neither the key nor its tenant ever used: a foreign place (decision 0245). */
    public double foreignBlockScore;

    /**
     * For a key without its own history, used from its tenant's own place (a block its tenant's keys
     * use): the prior's findings and the credential's age weigh this much (decision 0265).
     */
    public double ownPlaceFactor;
    /** For a key with history, a new network in a block its tenant's keys use (not the network itself): this much. */
    public double tenantBlockFactor;

    /** A key with a partial history is judged from a foreign block as an established one (decision 0266). */
    public boolean foreignPartial;

    /** Responses this many times the key's usual size (0: off) over a minute... (decision 0267). */
    public double sizeFactor;
    /** ...of at least this many requests... */
    public int sizeMinRequests;
    /** ...and this many bytes are a bulk transfer. */
    public double sizeMinBytes;

    public double concurrentScore;
    public double burstNetworks;
    public long burstWindowMs;
    public double newUaFamilyScore;
    public int fleetUpgradeKeys;
    public double newRouteScore;
    public double newMethodScore;
    public int probeCount;
    public double spikeFactor;
    public double spikeMinCount;
    public double exfilMinBytes;
    public long dormantAfterMs;
    public double dormantScore;
    /** A key without usage history counts as dormant only once the job has watched its tenant this long. */
    public long dormantMinObservedMs;

    public double offHoursScore;
    public int sensitiveRoutes;
    public long sensitiveWindowMs;
    public String[] sensitivePrefixes;
    /** Path segments that make a route sensitive wherever they appear (export, refunds, admin...). */
    public String[] sensitiveSegments;

    public double sensitiveRouteScore;
    public double announcedFactor;
    public double rotatedOutScore;

    public static Thresholds from(DetectorConfig c) {
        Thresholds t = new Thresholds();
        t.learnEvents = c.integer("baseline.learn-events");
        t.priorMinEvents = c.integer("prior.min-events");
        t.priorMinAgeMs = c.millis("prior.min-age");
        t.alertThreshold = c.dbl("alert.threshold");
        t.mediumAt = c.dbl("severity.medium");
        t.highAt = c.dbl("severity.high");
        t.criticalAt = c.dbl("severity.critical");
        t.correlationWindowMs = c.millis("alert.correlation-window");
        t.alertCooldownMs = c.millis("alert.cooldown");
        t.alertRepeatAfterMs = c.millis("alert.repeat-after");
        t.newNetworkScore = c.dbl("new-network.score");
        t.spreadFactor = c.dbl("new-network.spread-factor");
        t.foreignBlockScore = c.dbl("new-network.foreign-block-score");
        t.spreadNetworks = c.integer("new-network.spread-networks");
        t.ownPlaceFactor = c.dbl("prior.own-place-factor");
        t.tenantBlockFactor = c.dbl("new-network.tenant-block-factor");
        t.foreignPartial = Boolean.parseBoolean(c.string("new-network.foreign-partial-history"));
        t.sizeFactor = c.dbl("volume.response-size-factor");
        t.sizeMinRequests = c.integer("volume.response-size-min-requests");
        t.sizeMinBytes = c.dbl("volume.response-size-min-bytes");
        t.concurrentScore = c.dbl("concurrent-sources.score");
        t.burstNetworks = c.dbl("many-sources.networks");
        t.burstWindowMs = c.millis("many-sources.window");
        t.newUaFamilyScore = c.dbl("new-client.score");
        t.fleetUpgradeKeys = c.integer("new-client.fleet-keys");
        t.newRouteScore = c.dbl("new-route.score");
        t.newMethodScore = c.dbl("new-method.score");
        t.probeCount = c.integer("probing.errors-per-minute");
        t.spikeFactor = c.dbl("volume.factor");
        t.spikeMinCount = c.dbl("volume.min-per-minute");
        t.exfilMinBytes = c.dbl("volume.min-bytes-per-minute");
        t.dormantAfterMs = c.millis("dormant.after");
        t.dormantScore = c.dbl("dormant.score");
        t.dormantMinObservedMs = c.millis("dormant.min-observed");
        t.offHoursScore = c.dbl("off-hours.score");
        t.sensitiveRoutes = c.integer("low-and-slow.routes");
        t.sensitiveWindowMs = c.millis("low-and-slow.window");
        t.sensitivePrefixes = c.string("low-and-slow.prefixes").split("\\s*,\\s*");
        t.sensitiveSegments = c.string("low-and-slow.segments").split("\\s*,\\s*");
        t.sensitiveRouteScore = c.dbl("sensitive-route.score");
        t.announcedFactor = c.dbl("announced.factor");
        t.rotatedOutScore = c.dbl("retired-key.expired-score");
        return t;
    }

    /**
     * A copy with a tenant's overrides applied: names are the {@code detector.properties} names
     * without the prefix, e.g. {@code alert.threshold=1.5}. Unknown names or bad values are ignored
     * (the control record was validated when read).
     */
    public Thresholds withOverrides(Map<String, String> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return this;
        }
        Thresholds t = copy();
        overrides.forEach((name, value) -> t.apply(name, value));
        return t;
    }

    /** The names a control record may override (validated there). */
    public static boolean overridable(String name) {
        return switch (name) {
            case "alert.threshold",
                    "severity.medium",
                    "severity.high",
                    "severity.critical",
                    "new-network.score",
                    "many-sources.networks",
                    "new-client.score",
                    "new-route.score",
                    "new-method.score",
                    "probing.errors-per-minute",
                    "volume.factor",
                    "volume.min-per-minute",
                    "dormant.score",
                    "off-hours.score",
                    "low-and-slow.routes",
                    "sensitive-route.score",
                    "concurrent-sources.score",
                    "new-network.foreign-block-score",
                    "new-network.tenant-block-factor",
                    "prior.own-place-factor" -> true;
            default -> false;
        };
    }

    private void apply(String name, String value) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (RuntimeException e) {
            return;
        }
        if (!Double.isFinite(v) || v < 0) {
            return;
        }
        switch (name) {
            case "alert.threshold" -> alertThreshold = v;
            case "severity.medium" -> mediumAt = v;
            case "severity.high" -> highAt = v;
            case "severity.critical" -> criticalAt = v;
            case "new-network.score" -> newNetworkScore = v;
            case "many-sources.networks" -> burstNetworks = v;
            case "new-client.score" -> newUaFamilyScore = v;
            case "new-route.score" -> newRouteScore = v;
            case "new-method.score" -> newMethodScore = v;
            case "probing.errors-per-minute" -> probeCount = (int) v;
            case "volume.factor" -> spikeFactor = v;
            case "volume.min-per-minute" -> spikeMinCount = v;
            case "dormant.score" -> dormantScore = v;
            case "off-hours.score" -> offHoursScore = v;
            case "low-and-slow.routes" -> sensitiveRoutes = (int) v;
            case "sensitive-route.score" -> sensitiveRouteScore = v;
            case "concurrent-sources.score" -> concurrentScore = v;
            case "new-network.foreign-block-score" -> foreignBlockScore = v;
            case "new-network.tenant-block-factor" -> tenantBlockFactor = v;
            case "prior.own-place-factor" -> ownPlaceFactor = v;
            default -> {}
        }
    }

    private Thresholds copy() {
        try {
            return (Thresholds) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
