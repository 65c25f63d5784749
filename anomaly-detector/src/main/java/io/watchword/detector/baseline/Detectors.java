package io.watchword.detector.baseline;

import io.watchword.core.net.CidrMatcher;
import io.watchword.detector.baseline.KeyProfile.Finding;
import io.watchword.detector.baseline.KeyProfile.Sample;
import io.watchword.detector.model.CredentialUpdate;
import io.watchword.detector.model.Usage;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.DetectorFinding;
import io.watchword.events.v1.RefusalReason;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.Severity;
import io.watchword.events.v1.UsageOutcome;
import io.watchword.events.v1.UsageSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every detector, as plain Java over one key's {@link KeyProfile}: {@link #onUsage} judges an event
 * against the profile (or the tenant prior the event carries), correlates it with the key's recent
 * findings, returns the alert if the combined score crosses the threshold, and then learns the
 * event unless it was suspicious. Deterministic: the same events in the same order give the same
 * alerts with the same ids (backtest = live).
 */
public final class Detectors {
    static final long MINUTE = 60_000L;
    static final long DAY = 86_400_000L;
    static final int MAX_SAMPLES = 5;
    private static final String[] WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"};

    private Detectors() {}

    public static void onCredential(KeyProfile p, CredentialUpdate c) {
        if (c.tenantId != null) {
            p.tenantId = c.tenantId;
        }
        if (c.fullState) {
            p.expiresAt = c.expiresAt;
            p.graceEndsAt = c.graceEndsAt;
            p.allowedCidrs = c.allowedCidrs;
        }
        if (c.ts > 0 && (p.knownSince == 0 || c.ts < p.knownSince)) {
            p.knownSince = c.ts; // the oldest state record seen: the key existed (was issued) by then
        }
        if (!c.status.equals(p.status)) {
            p.status = c.status;
            p.statusSince = c.ts;
        }
    }

    /**
     * Judges one usage event; returns the alert to publish, or null.
     *
     * @param announced an announced change covers this key at the event's time (control topic)
     */
    public static AnomalyDetected onUsage(KeyProfile p, Usage u, Thresholds t, boolean announced) {
        return onUsage(p, u, t, announced, null);
    }

    /**
     * As {@link #onUsage(KeyProfile, Usage, Thresholds, boolean)}, for a key whose profile was forgotten
     * after {@code state.ttl} idle but whose {@link DormantMemory} was kept (decision 0277): while the
     * profile has no usage of its own, its reuse is judged dormant by the memory.
     */
    public static AnomalyDetected onUsage(
            KeyProfile p, Usage u, Thresholds t, boolean announced, DormantMemory memory) {
        if (p.tenantId == null && u.tenantId != null) {
            p.tenantId = u.tenantId;
        }
        rollMinute(p, u);
        List<Finding> found = judge(p, u, t, announced, memory);
        for (Finding f : found) {
            f.ts = u.ts;
        }
        double current = 0;
        for (Finding f : found) {
            current += f.score;
        }
        AnomalyDetected alert = null;
        if (!found.isEmpty()) {
            correlate(p, u, found, t);
            alert = maybeAlert(p, u, t);
        } else {
            expire(p, u.ts, t);
        }
        // A suspicious event is not learned: the thief's network must not become the key's own.
        // A mildly unusual one (a region move, an upgrade: below the threshold on its own) is.
        learn(p, u, current < t.alertThreshold);
        return alert;
    }

    static List<Finding> judge(KeyProfile p, Usage u, Thresholds t, boolean announced) {
        return judge(p, u, t, announced, null);
    }

    static List<Finding> judge(KeyProfile p, Usage u, Thresholds t, boolean announced, DormantMemory memory) {
        List<Finding> f = new ArrayList<>(4);
        boolean established = p.events >= t.learnEvents;
        // A key with a little history of its own (not yet its full baseline): what neither the key nor
        // its tenant ever saw is the evidence of both, so the prior's discount no longer applies.
        boolean partial = !established && p.events >= Math.max(1, t.learnEvents / 4);
        boolean priorUsable =
                !established && u.tenantEvents >= t.priorMinEvents && u.tenantObservedMs >= t.priorMinAgeMs;
        double soft = announced ? t.announcedFactor : 1.0;

        // A key in the wild: used after it was revoked, suspended, expired or rotated out.
        String retired = retiredReason(p, u);
        if (retired != null) {
            boolean soft2 = retired.equals("EXPIRED") || retired.equals("ROTATED_OUT");
            Finding x = new Finding(
                    "retired-key-use",
                    soft2 ? t.rotatedOutScore : 1.0,
                    "request with a " + retired.toLowerCase().replace('_', '-') + " key: the key is in the wild",
                    retired + " key used from " + u.network + " by " + u.uaFamily,
                    "no use after " + Instant.ofEpochMilli(p.statusSince > 0 ? p.statusSince : u.ts));
            x.hard = !soft2;
            f.add(x.about(retired));
        }
        if (outsideAllowed(p, u)) {
            Finding x = new Finding(
                    "outside-allowed-cidrs",
                    1.0,
                    "request from outside the key's allowed networks",
                    u.clientIp == null ? "no client address" : u.network,
                    p.allowedCidrs == null ? "the allowed CIDRs" : String.join(", ", p.allowedCidrs));
            x.hard = true;
            f.add(x.about(u.network));
        }
        // A foreign place: a block (/16) neither this key nor any key of its tenant ever used.
        // A forgotten key's remembered history (decision 0277): only until its profile has usage again.
        DormantMemory m = p.events == 0 ? memory : null;
        boolean home = m != null && m.isHome(u.network);
        boolean foreign = !u.tenantKnowsBlock && !u.tenantKnowsNetwork && blockIndex(p, u.network) < 0 && !home;
        // A key judged without (full) history of its own, used from its tenant's own place (a block its
        // tenant's keys use: offices, developers' ISPs, its cloud, its CI provider): what is new to the
        // tenant there is a colleague or a new integration more than a stranger (decision 0265).
        double ownPlace = !established && (u.tenantKnowsBlock || u.tenantKnowsNetwork) ? t.ownPlaceFactor : 1.0;
        boolean dormantByMemory = m != null && u.ts - m.lastSeen >= t.dormantAfterMs;
        if (p.events > 0 && u.ts - p.lastSeen >= t.dormantAfterMs) {
            f.add(new Finding(
                    "dormant-key-active",
                    t.dormantScore * soft,
                    "a dormant key is suddenly used",
                    "first request after " + ((u.ts - p.lastSeen) / DAY) + " days",
                    "last use " + Instant.ofEpochMilli(p.lastSeen)));
        } else if (dormantByMemory) {
            // Used, then silent longer than state.ttl: the profile is gone, the memory says since when
            // (decision 0277). The same finding as for a key still remembered, and the place as an
            // established key's: a /16 neither it nor its tenant ever used scores as a foreign block
            // (0245), one of its home blocks is its own place (no network finding, as a known network).
            f.add(new Finding(
                    "dormant-key-active",
                    t.dormantScore * soft,
                    "a dormant key is suddenly used",
                    "first request after " + ((u.ts - m.lastSeen) / DAY) + " days, from " + u.network
                            + (home ? " (one of its home blocks)" : foreign ? " (a block it never used)" : ""),
                    "last use " + Instant.ofEpochMilli(m.lastSeen) + ", about " + m.eventsAbout()
                            + " requests before from " + m.blockCount + " home blocks"));
            if (foreign) {
                f.add(new Finding(
                                "new-source-network",
                                t.foreignBlockScore * soft,
                                "request from a network this key never used",
                                u.network,
                                m.blockCount + " home blocks before its silence, none of them this one")
                        .about(u.network));
            }
        } else if (p.events == 0
                && p.knownSince > 0
                && u.ts - p.knownSince >= (foreign ? t.dormantAfterMs / 2 : t.dormantAfterMs)
                && u.tenantObservedMs >= t.dormantMinObservedMs) {
            // No usage history (first use within the job's lifetime): the credential's own age says
            // how long it lay unused, from its credential-state record, once the job has watched the
            // tenant long enough for "not seen" to mean "not used", not "the job just started"
            // (decision 0189).
            // Weaker than a silence the job saw whole: it saw only its own part of it.
            // From a foreign place (a block its tenant never used) the first use is no colleague's
            // late start: full weight, and half of dormant.after unused is enough (decision 0245).
            f.add(new Finding(
                    "dormant-key-active",
                    t.dormantScore * (foreign ? 1.0 : 0.8 * ownPlace) * soft,
                    "a key never seen in use is suddenly used, long after it was issued",
                    "first request " + ((u.ts - p.knownSince) / DAY) + " days after the credential was known",
                    "known since " + Instant.ofEpochMilli(p.knownSince)));
        }

        long net = HashSet64.hash(u.network);
        boolean knownNet = HashSet64.contains(p.nets, p.netCount, net);
        if (established && !knownNet) {
            double novelty = Math.max(0, 1 - p.newNetRate / 0.2);
            if (p.netCount >= KeyProfile.NETS) {
                novelty *= 0.3;
            }
            int block = blockIndex(p, u.network);
            // A new /24 among several the key already uses in that /16 is its normal spread (a CI
            // provider's pool, a mobile carrier), not a new place (decision 0190).
            double spread = block >= 0 && p.blockNets[block] >= t.spreadNetworks ? t.spreadFactor : 1.0;
            // A network its tenant uses is the tenant's; one in a block its tenant uses is the tenant's
            // neighbourhood (its people's ISP, its cloud region): less new than a stranger's (decision 0265).
            double tenantKnows = u.tenantKnowsNetwork ? 0.3 : u.tenantKnowsBlock ? t.tenantBlockFactor : 1.0;
            double s = t.newNetworkScore * novelty * spread * tenantKnows * soft;
            if (foreign && p.blockCount < KeyProfile.BLOCKS) {
                // A /16 neither the key nor its tenant ever used: not the key's churn of /24s inside its
                // CI pool or carriers, so its novelty rate does not discount it (decision 0245).
                s = Math.max(s, t.foreignBlockScore * soft);
            }
            if (s > 0.05) {
                f.add(new Finding(
                                "new-source-network",
                                s,
                                "request from a network this key never used",
                                u.network,
                                p.netCount + " known networks in " + p.blockCount + " blocks, e.g. "
                                        + examples(p.netExamples))
                        .about(u.network));
            }
            if (block < 0 && !u.tenantKnowsNetwork && s >= 0.3) {
                // A new place: the start of a run of such requests remembers the owner's last one.
                if (p.lastNewNetTs == Long.MIN_VALUE || p.lastNewNetTs < p.lastKnownNetTs) {
                    p.knownBeforeNewTs = p.lastKnownNetTs;
                }
                p.lastNewNetTs = u.ts;
                p.lastNewNet = u.network;
            }
        } else if (established && knownNet) {
            concurrentSources(p, u, t, soft, f);
            p.lastKnownNetTs = u.ts;
            if (p.ipCount < p.ips.length
                    && !HashSet64.contains(p.ips, p.ipCount, HashSet64.hash(u.clientIp))
                    && !newWithinWindow(p, u, t)) {
                f.add(new Finding(
                                "new-source-address",
                                0.25 * soft,
                                "a new address inside a known network of a key that uses few addresses",
                                u.clientIp,
                                p.ipCount + " known addresses")
                        .about(u.clientIp));
            }
        } else if (priorUsable && !u.tenantKnowsNetwork && !home && !(dormantByMemory && foreign)) {
            double s = t.newNetworkScore * (partial && !knownNet ? 1.0 : 0.8) * ownPlace;
            if (partial && foreign && t.foreignPartial) {
                // A key with some history of its own, used from a block neither it nor its tenant ever
                // used: the foreign place of decision 0245, whatever the key's age (decision 0266).
                s = Math.max(s, t.foreignBlockScore);
            }
            f.add(new Finding(
                            "new-source-network",
                            s * soft,
                            "a new key used from a network none of its tenant's keys use",
                            u.network,
                            "the tenant's known networks")
                    .about(u.network));
        }
        // Networks of the key's normal spread (several /24s of one /16: a carrier, a CI pool) are not
        // "many sources": a mobile app's users are not a key pasted in public.
        int spreadBlock = blockIndex(p, u.network);
        boolean inSpread = spreadBlock >= 0 && p.blockNets[spreadBlock] >= t.spreadNetworks;
        int distinct = recentDistinct(p, u, inSpread ? 0 : net, t);
        if (distinct >= t.burstNetworks
                && (established || priorUsable)
                && p.netCount < KeyProfile.NETS
                && p.newNetRate < 0.2) {
            f.add(new Finding(
                    "many-sources",
                    Math.min(2.0, distinct / t.burstNetworks) * soft,
                    "the key is used from many networks at once (pasted in public?)",
                    distinct + " networks within " + (t.burstWindowMs / 1000) + " s",
                    "fewer than " + (int) t.burstNetworks));
        }

        long ua = HashSet64.hash(u.uaFamily);
        if (established && !HashSet64.contains(p.uaFamilies, p.uaCount, ua)) {
            // A fleet's change (an upgrade, a new tool) comes from the fleet's places: from a foreign
            // block a client family the tenant uses is not discounted (decision 0245).
            boolean fleet = u.uaAdoptingKeys >= t.fleetUpgradeKeys && !foreign;
            double s = (fleet ? 0.1 : 1.0) * t.newUaFamilyScore * soft;
            f.add(new Finding(
                            "new-client",
                            s,
                            fleet
                                    ? "a client family new to this key but used by " + u.uaAdoptingKeys
                                            + " keys of its tenant"
                                    : "a client family this key never used",
                            u.uaFamily + "/" + u.uaVersion,
                            examples(p.uaExamples))
                    .about(u.uaFamily));
        } else if (priorUsable
                && (!u.tenantKnowsUaFamily
                        || (partial
                                && foreign
                                && t.foreignPartial
                                && !HashSet64.contains(p.uaFamilies, p.uaCount, ua)))) {
            // From a foreign place a client family of the tenant's fleet is no sign of the fleet, for a
            // key with a partial history as for an established one (decisions 0245, 0266).
            f.add(new Finding(
                            "new-client",
                            t.newUaFamilyScore
                                    * (partial && !HashSet64.contains(p.uaFamilies, p.uaCount, ua) ? 1.0 : 0.8)
                                    * ownPlace
                                    * soft,
                            "a new key used by a client none of its tenant's keys use",
                            u.uaFamily + "/" + u.uaVersion,
                            "the tenant's clients")
                    .about(u.uaFamily));
        }

        String routeKey = u.routeKey();
        long route = HashSet64.hash(routeKey);
        boolean knownRoute = HashSet64.contains(p.routes, p.routeCount, route);
        boolean sensitive = sensitive(u.route, t);
        if (established && !knownRoute) {
            double novelty = Math.max(0, 1 - p.newRouteRate / 0.1);
            if (p.routeCount >= KeyProfile.ROUTES) {
                novelty *= 0.3;
            }
            double s = t.newRouteScore * novelty * (u.tenantKnowsRoute ? 0.5 : 1.0);
            if (isWrite(u.method) && !p.writes) {
                s += t.newMethodScore;
            }
            s *= soft;
            if (s > 0.05) {
                f.add(new Finding(
                                "route-outside-profile",
                                s,
                                "a route or method this key never used",
                                routeKey,
                                p.routeCount + " known routes, e.g. " + examples(p.routeExamples))
                        .about(routeKey));
            }
        } else if (priorUsable && !u.tenantKnowsRoute) {
            f.add(new Finding(
                            "route-outside-profile",
                            // a thin history has not shown all its routes yet
                            t.newRouteScore * 0.8 * ownPlace * soft,
                            "a new key calls a route none of its tenant's keys call",
                            routeKey,
                            "the tenant's routes")
                    .about(routeKey));
        }
        if (sensitive && !knownRoute && (established || partial)) {
            // The first sensitive route the key goes to on its own scores by itself: a thief who
            // reads one payment-methods or export route never reaches low-and-slow's count.
            f.add(new Finding(
                            "sensitive-route",
                            t.sensitiveRouteScore * soft,
                            "a sensitive route (export, payment data, refunds, admin) this key never used",
                            routeKey,
                            p.routeCount + " known routes, none of them this one")
                    .about(routeKey));
        }
        if (sensitive && !knownRoute) {
            if (u.ts - p.sensitiveWindowStart > t.sensitiveWindowMs) {
                p.sensitiveWindowStart = u.ts;
                p.sensitiveCount = 0;
            }
            p.sensitiveCount = HashSet64.add(p.sensitiveNew, p.sensitiveCount, route);
            if (p.sensitiveCount >= t.sensitiveRoutes) {
                f.add(new Finding(
                        "low-and-slow-sensitive",
                        1.0 * soft,
                        "slow exploration of sensitive routes the key never used",
                        p.sensitiveCount + " new sensitive routes since "
                                + Instant.ofEpochMilli(p.sensitiveWindowStart),
                        "fewer than " + t.sensitiveRoutes + " within " + (t.sensitiveWindowMs / 3_600_000) + " h"));
            }
        }

        if (isProbeStatus(u) && p.curErrors >= t.probeCount) {
            double ratio = p.curErrors / (double) Math.max(1, p.curCount);
            if (ratio > Math.max(0.5, 3 * p.errorRatio)) {
                f.add(new Finding(
                        "probing",
                        Math.min(3.0, p.curErrors / (double) t.probeCount),
                        "a burst of refused requests (401/403/404): scope probing or path guessing",
                        p.curErrors + " of " + p.curCount + " requests this minute refused",
                        String.format("%.0f%% refused", 100 * p.errorRatio)));
            }
        }

        double expected = expectedRate(p, u, t);
        double limit = Math.max(t.spikeMinCount, t.spikeFactor * expected);
        if (p.curCount >= limit) {
            double s = (0.5 + 0.5 * Math.min(1.0, p.curCount / limit - 1)) * soft;
            f.add(new Finding(
                    "volume-spike",
                    s,
                    "request rate far above the key's own rhythm for this hour",
                    p.curCount + " requests this minute",
                    String.format("%.1f per minute", expected)));
        }
        double bytesLimit = Math.max(t.exfilMinBytes, t.spikeFactor * p.bytesPerMinute);
        if (p.curBytes >= bytesLimit && p.curBytes - u.responseBytes < bytesLimit) {
            f.add(new Finding(
                    "bulk-transfer",
                    0.8 * soft,
                    "response volume far above the key's usual (bulk exfiltration?)",
                    p.curBytes + " bytes this minute",
                    String.format("%.0f bytes per minute", p.bytesPerMinute)));
        }
        if (established
                && t.sizeFactor > 0
                && p.bytesMean > 0
                && largeResponses(p, p.curCount, p.curBytes, t)
                && !largeResponses(p, p.curCount - 1, p.curBytes - Math.max(0, u.responseBytes), t)) {
            // Responses many times the key's usual size, minute after minute: a read far larger than its
            // own (a page size raised to dump a table) at its usual rate still moves the data out
            // (decision 0267). A backfill's larger pages or a marketing spike's rate are not this.
            f.add(new Finding(
                    "bulk-transfer",
                    0.8 * soft,
                    "responses far larger than the key's usual (bulk exfiltration?)",
                    String.format(
                            "%.0f bytes per response over %d requests this minute",
                            p.curBytes / (double) p.curCount, p.curCount),
                    String.format("%.0f bytes per response", p.bytesMean)));
        }
        int hour = (int) ((u.ts / 3_600_000L) % 24);
        if (established && p.events >= 10 * t.learnEvents && (p.activeHours & (1 << hour)) == 0 && !f.isEmpty()) {
            // Only as a supporting finding: off-hours alone is a night batch, not a thief.
            f.add(new Finding(
                    "off-hours",
                    t.offHoursScore * soft,
                    "request at an hour the key is never active",
                    hour + ":00 UTC",
                    "active hours " + hours(p.activeHours)));
        }
        return f;
    }

    /** This minute's responses (count, bytes) are many times the key's usual size, over enough requests and bytes. */
    private static boolean largeResponses(KeyProfile p, int count, long bytes, Thresholds t) {
        return count >= t.sizeMinRequests && bytes >= t.sizeMinBytes && bytes >= t.sizeFactor * p.bytesMean * count;
    }

    /**
     * Was the event's network itself a new-source-network finding within the correlation window? Then
     * a new address in it is the same evidence (a region move's second address), not more (decision 0245).
     */
    private static boolean newWithinWindow(KeyProfile p, Usage u, Thresholds t) {
        for (Finding f : p.pending) {
            if (f.detector.equals("new-source-network")
                    && u.network != null
                    && u.network.equals(f.subject)
                    && u.ts - f.ts <= t.correlationWindowMs) {
                return true;
            }
        }
        return false;
    }

    private static String retiredReason(KeyProfile p, Usage u) {
        if (u.refusalReason != null) {
            switch (u.refusalReason) {
                case "REVOKED", "SUSPENDED", "EXPIRED", "ROTATED_OUT" -> {
                    return u.refusalReason;
                }
                default -> {}
            }
        }
        if (p.status == null || u.ts < p.statusSince) {
            return null;
        }
        return switch (p.status) {
            case "REVOKED", "SUSPENDED" -> p.status;
            case "EXPIRED" -> "EXPIRED";
            case "ROTATED" -> p.graceEndsAt > 0 && u.ts >= p.graceEndsAt ? "ROTATED_OUT" : null;
            default -> u.ts >= p.expiresAt ? "EXPIRED" : null;
        };
    }

    private static boolean outsideAllowed(KeyProfile p, Usage u) {
        if (RefusalReason.SOURCE_NOT_ALLOWED.name().equals(u.refusalReason)) {
            return true;
        }
        if (p.allowedCidrs == null || p.allowedCidrs.length == 0 || u.clientIp == null) {
            return false;
        }
        try {
            return !CidrMatcher.allows(Arrays.asList(p.allowedCidrs), u.clientIp);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isProbeStatus(Usage u) {
        return u.status == 401 || u.status == 403 || u.status == 404;
    }

    private static boolean isWrite(String method) {
        for (String m : WRITE_METHODS) {
            if (m.equals(method)) {
                return true;
            }
        }
        return false;
    }

    static boolean sensitive(String route, Thresholds t) {
        if (route == null) {
            return false;
        }
        for (String prefix : t.sensitivePrefixes) {
            if (!prefix.isEmpty() && route.startsWith(prefix)) {
                return true;
            }
        }
        if (t.sensitiveSegments == null) {
            return false;
        }
        // Segment by segment, exact match: "exports" in /v1/exports/{id}/download, not in /v1/exportsettings.
        int start = 0;
        int n = route.length();
        while (start < n) {
            int end = route.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            if (end > start) {
                for (String seg : t.sensitiveSegments) {
                    if (seg.length() == end - start && route.regionMatches(true, start, seg, 0, seg.length())) {
                        return true;
                    }
                }
            }
            start = end + 1;
        }
        return false;
    }

    /** The key's block (/16 of an IPv4 /24 network, /32 of an IPv6 /48) index in its profile, or -1. */
    static int blockIndex(KeyProfile p, String network) {
        long b = HashSet64.hash(block(network));
        for (int i = 0; i < p.blockCount; i++) {
            if (p.blocks[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static String block(String network) {
        if (network == null) {
            return "unknown";
        }
        char sep = network.indexOf(':') >= 0 ? ':' : '.';
        int first = network.indexOf(sep);
        int second = first < 0 ? -1 : network.indexOf(sep, first + 1);
        return second < 0 ? network : network.substring(0, second);
    }

    /**
     * The owner's network is used again while a new place (a block the key never used, a network its
     * tenant never used) was active within the correlation window, and the owner had been active just
     * before it appeared: two simultaneous sources, the owner and someone else. A move (region, DR)
     * leaves the old network; it does not keep both.
     */
    private static void concurrentSources(KeyProfile p, Usage u, Thresholds t, double soft, List<Finding> f) {
        if (t.concurrentScore <= 0
                || p.lastNewNetTs == Long.MIN_VALUE
                || p.lastNewNetTs < p.lastKnownNetTs
                || p.lastNewNet == null
                || p.lastNewNet.equals(u.network)) {
            return; // no new place since the owner's previous request
        }
        if (u.ts - p.lastNewNetTs > t.correlationWindowMs
                || p.knownBeforeNewTs == Long.MIN_VALUE
                || u.ts - p.knownBeforeNewTs > t.correlationWindowMs) {
            return;
        }
        f.add(new Finding(
                        "concurrent-sources",
                        t.concurrentScore * soft,
                        "the key's own network and a new one are in use at the same time",
                        u.network + " (the key's own) and " + p.lastNewNet + " (new) within "
                                + (t.correlationWindowMs / 60_000) + " min",
                        "one place at a time")
                .about(p.lastNewNet));
    }

    static int slot(long ts) {
        long day = Math.floorDiv(ts, DAY);
        int dow = (int) Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday; 0 = Monday
        int hour = (int) ((Math.floorMod(ts, DAY)) / 3_600_000L);
        return (dow >= 5 ? 24 : 0) + hour;
    }

    private static double expectedRate(KeyProfile p, Usage u, Thresholds t) {
        int s = slot(u.ts);
        if (p.slotMinutes[s] >= 3) {
            return Math.max(p.slotRate[s], p.overallRate * 0.5);
        }
        if (p.minutesObserved >= 5) {
            return p.overallRate;
        }
        return u.tenantKeyRate;
    }

    /** Counts the current minute; closing a minute feeds the rhythm's EWMAs. */
    private static void rollMinute(KeyProfile p, Usage u) {
        long minute = Math.floorDiv(u.ts, MINUTE);
        if (minute > p.curMinute) {
            if (p.curMinute != Long.MIN_VALUE && p.curCount > 0) {
                int s = slot(p.curMinute * MINUTE);
                float c = p.curCount;
                p.slotRate[s] = p.slotMinutes[s] == 0 ? c : 0.8f * p.slotRate[s] + 0.2f * c;
                if (p.slotMinutes[s] < Short.MAX_VALUE) {
                    p.slotMinutes[s]++;
                }
                p.overallRate = p.minutesObserved == 0 ? c : 0.9f * p.overallRate + 0.1f * c;
                p.bytesPerMinute = p.minutesObserved == 0 ? p.curBytes : 0.9f * p.bytesPerMinute + 0.1f * p.curBytes;
                p.minutesObserved++;
            }
            p.curMinute = minute;
            p.curCount = 0;
            p.curBytes = 0;
            p.curErrors = 0;
        }
        p.curCount++;
        p.curBytes += Math.max(0, u.responseBytes);
        if (isProbeStatus(u) || RefusalReason.INSUFFICIENT_SCOPE.name().equals(u.refusalReason)) {
            p.curErrors++;
        }
    }

    private static int recentDistinct(KeyProfile p, Usage u, long net, Thresholds t) {
        int oldest = 0;
        boolean present = false;
        int distinct = 0;
        for (int i = 0; i < KeyProfile.RECENT && net != 0; i++) {
            if (p.recentNets[i] == net) {
                p.recentNetsTs[i] = u.ts;
                present = true;
            }
            if (p.recentNetsTs[i] < p.recentNetsTs[oldest]) {
                oldest = i;
            }
        }
        if (!present && net != 0) {
            p.recentNets[oldest] = net;
            p.recentNetsTs[oldest] = u.ts;
        }
        for (int i = 0; i < KeyProfile.RECENT; i++) {
            if (p.recentNets[i] != 0 && u.ts - p.recentNetsTs[i] <= t.burstWindowMs) {
                distinct++;
            }
        }
        return distinct;
    }

    private static void learn(KeyProfile p, Usage u, boolean absorb) {
        if (p.events == 0) {
            p.firstSeen = u.ts;
        }
        p.events++;
        p.lastSeen = Math.max(p.lastSeen, u.ts);
        if (!absorb) {
            return;
        }
        long net = HashSet64.hash(u.network);
        boolean newNet = !HashSet64.contains(p.nets, p.netCount, net);
        p.newNetRate = 0.98f * p.newNetRate + (newNet && p.events > 1 ? 0.02f : 0f);
        if (newNet) {
            remember(p.netExamples, p.netCount, u.network);
            p.netCount = HashSet64.add(p.nets, p.netCount, net);
            int block = blockIndex(p, u.network);
            if (block >= 0) {
                if (p.blockNets[block] < Short.MAX_VALUE) {
                    p.blockNets[block]++;
                }
            } else if (p.blockCount < KeyProfile.BLOCKS) {
                p.blocks[p.blockCount] = HashSet64.hash(block(u.network));
                p.blockNets[p.blockCount++] = 1;
            }
        }
        long ip = HashSet64.hash(u.clientIp);
        if (p.ipCount < p.ips.length && !HashSet64.contains(p.ips, p.ipCount, ip)) {
            // Full: the key uses many addresses, and stops being judged by them (see judge).
            p.ips[p.ipCount++] = ip;
        }
        long ua = HashSet64.hash(u.uaFamily);
        if (!HashSet64.contains(p.uaFamilies, p.uaCount, ua)) {
            remember(p.uaExamples, p.uaCount, u.uaFamily + "/" + u.uaVersion);
            p.uaCount = HashSet64.add(p.uaFamilies, p.uaCount, ua);
        }
        String routeKey = u.routeKey();
        long route = HashSet64.hash(routeKey);
        boolean newRoute = !HashSet64.contains(p.routes, p.routeCount, route);
        p.newRouteRate = 0.98f * p.newRouteRate + (newRoute && p.events > 1 ? 0.02f : 0f);
        if (newRoute) {
            remember(p.routeExamples, p.routeCount, routeKey);
            p.routeCount = HashSet64.add(p.routes, p.routeCount, route);
        }
        p.writes |= isWrite(u.method);
        p.errorRatio = 0.98f * p.errorRatio + (isProbeStatus(u) ? 0.02f : 0f);
        // Winsorised: one response far above the usual size moves the mean by at most 10 usual sizes' worth,
        // so a run of them (a dump) is still judged against the key's own size (decision 0267).
        float bytes = p.events == 1 || p.bytesMean <= 0 ? u.responseBytes : Math.min(u.responseBytes, 10 * p.bytesMean);
        p.bytesMean = p.events == 1 ? u.responseBytes : 0.98f * p.bytesMean + 0.02f * bytes;
        p.activeHours |= 1 << (int) ((Math.floorMod(u.ts, DAY)) / 3_600_000L);
    }

    private static void remember(String[] examples, int size, String value) {
        if (size < examples.length) {
            examples[size] = value;
        }
    }

    /** Drops findings older than the correlation window at event time {@code now}; true if some remain or changed. */
    public static boolean expireAt(KeyProfile p, long now, Thresholds t) {
        expire(p, now, t);
        return true;
    }

    private static void expire(KeyProfile p, long now, Thresholds t) {
        if (p.pending.length == 0) {
            return;
        }
        int keep = 0;
        for (Finding f : p.pending) {
            if (now - f.ts <= t.correlationWindowMs) {
                keep++;
            }
        }
        if (keep == p.pending.length) {
            return;
        }
        Finding[] next = new Finding[keep];
        int i = 0;
        for (Finding f : p.pending) {
            if (now - f.ts <= t.correlationWindowMs) {
                next[i++] = f;
            }
        }
        p.pending = next;
        if (keep == 0) {
            p.samples = new Sample[0];
        }
    }

    /** Merges the event's findings into the key's window (strongest per detector) and keeps a sample. */
    private static void correlate(KeyProfile p, Usage u, List<Finding> found, Thresholds t) {
        expire(p, u.ts, t);
        List<Finding> merged = new ArrayList<>(Arrays.asList(p.pending));
        for (Finding f : found) {
            boolean replaced = false;
            for (int i = 0; i < merged.size(); i++) {
                if (merged.get(i).detector.equals(f.detector)) {
                    if (f.score >= merged.get(i).score) {
                        merged.set(i, f);
                    }
                    replaced = true;
                }
            }
            if (!replaced) {
                merged.add(f);
            }
        }
        p.pending = merged.toArray(new Finding[0]);
        Sample s = new Sample();
        s.ts = u.ts;
        s.service = u.service;
        s.method = u.method;
        s.route = u.route;
        s.status = u.status;
        s.clientIp = u.clientIp;
        s.userAgent = u.userAgent;
        s.refused = u.refused;
        s.refusalReason = u.refusalReason;
        Sample[] samples = p.samples.length < MAX_SAMPLES
                ? Arrays.copyOf(p.samples, p.samples.length + 1)
                : Arrays.copyOfRange(p.samples, 1, MAX_SAMPLES + 1);
        samples[samples.length - 1] = s;
        p.samples = samples;
    }

    private static AnomalyDetected maybeAlert(KeyProfile p, Usage u, Thresholds t) {
        double total = 0;
        boolean hard = false;
        for (Finding f : p.pending) {
            total += f.score;
            hard |= f.hard;
        }
        if (total < t.alertThreshold) {
            return null;
        }
        int sev = total >= t.criticalAt ? 3 : total >= t.highAt ? 2 : total >= t.mediumAt ? 1 : 0;
        if (hard) {
            sev = Math.max(sev, 2); // a revoked key in use, or a source the tenant forbade: never LOW
        }
        Finding[] sorted = p.pending.clone();
        Arrays.sort(sorted, Comparator.comparingDouble((Finding f) -> -f.score).thenComparing(f -> f.detector));
        String[] names = Arrays.stream(sorted).map(f -> f.detector).sorted().toArray(String[]::new);
        String detectors = String.join(",", names);
        boolean inCooldown = p.lastAlertTs != Long.MIN_VALUE && u.ts - p.lastAlertTs < t.alertCooldownMs;
        if (inCooldown && sev <= p.lastAlertSeverity && containsAll(p.lastAlertDetectors, names)) {
            return null;
        }
        if (!news(p, sorted, sev, u.ts, t)) {
            return null; // the same evidence as an earlier alert of this key: the response is under way
        }
        String tenant = p.tenantId != null ? p.tenantId : u.tenantId;
        String credential = u.credentialId != null ? u.credentialId : u.key;
        if (tenant == null || tenant.isEmpty()) {
            return null; // usage of a key nobody knows: no tenant to alert (counted by the caller)
        }
        UUID id = alertId(credential, sorted, sev, u.ts, t);
        p.lastAlertTs = u.ts;
        p.lastAlertSeverity = sev;
        p.lastAlertDetectors = detectors;
        remember(p, sorted, sev, u.ts);

        List<DetectorFinding> findings = new ArrayList<>();
        long first = u.ts;
        for (Finding f : sorted) {
            first = Math.min(first, f.ts);
            Map<String, String> ev = new LinkedHashMap<>();
            ev.put("at", Instant.ofEpochMilli(f.ts).toString());
            findings.add(new DetectorFinding(f.detector, round(f.score), f.description, f.observed, f.expected, ev));
        }
        List<UsageSample> samples = new ArrayList<>();
        for (Sample s : p.samples) {
            samples.add(new UsageSample(
                    Instant.ofEpochMilli(s.ts),
                    s.service,
                    s.method,
                    s.route,
                    s.status,
                    s.clientIp,
                    s.userAgent,
                    s.refused ? UsageOutcome.REFUSED : UsageOutcome.ACCEPTED,
                    s.refusalReason == null ? null : RefusalReason.valueOf(s.refusalReason)));
        }
        Finding top = sorted[0];
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("observed", top.observed);
        evidence.put("expected", top.expected);
        evidence.put("combinedScore", Double.toString(round(total)));
        evidence.put("detectors", detectors);
        evidence.put("keyEvents", Long.toString(p.events));
        Severity severity = Severity.values()[sev];
        ResponseAction action =
                switch (severity) {
                    case CRITICAL -> ResponseAction.REVOKE;
                    case HIGH -> ResponseAction.SUSPEND;
                    case MEDIUM -> ResponseAction.NOTIFY;
                    case LOW -> ResponseAction.NONE;
                };
        String description = sorted.length == 1
                ? top.description
                : top.description + " (and " + (sorted.length - 1) + " more finding" + (sorted.length > 2 ? "s" : "")
                        + ")";
        Instant at = Instant.ofEpochMilli(u.ts);
        return new AnomalyDetected(
                id,
                at,
                tenant,
                credential,
                top.detector,
                severity,
                round(total),
                description,
                Instant.ofEpochMilli(first),
                at,
                evidence,
                findings,
                Instant.ofEpochMilli(first),
                at,
                samples,
                action);
    }

    /**
     * The alert's id, from its evidence: the key, the severity and every finding's detector and
     * subject (supporting findings, off-hours and a new address, left out: they are no news), within
     * an {@code alert.repeat-after} period. Not from the event that happened to cross the threshold
     * or its cooldown bucket: the same evidence raised at two events (a replay whose interleaving
     * differs, an evidence memory that forgot it) is the same alert, one id (decision 0246).
     */
    static UUID alertId(String credential, Finding[] findings, int sev, long ts, Thresholds t) {
        List<String> evidence = new ArrayList<>(findings.length);
        for (Finding f : findings) {
            if (!f.detector.equals("off-hours") && !f.detector.equals("new-source-address")) {
                evidence.add(f.detector + "=" + (f.subject == null ? "" : f.subject));
            }
        }
        if (evidence.isEmpty()) {
            for (Finding f : findings) {
                evidence.add(f.detector + "=" + (f.subject == null ? "" : f.subject));
            }
        }
        evidence.sort(null);
        long period = Math.floorDiv(ts, Math.max(1, t.alertRepeatAfterMs));
        return UUID.nameUUIDFromBytes((credential + "|" + String.join(",", evidence) + "|" + period + "|" + sev)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Does the alert say something earlier alerts of this key (within {@code alert.repeat-after})
     * did not: a finding with a new detector and subject (a network, client family, route), or a
     * higher severity? Off-hours and a new address only support other findings: no news by themselves.
     */
    private static boolean news(KeyProfile p, Finding[] findings, int sev, long now, Thresholds t) {
        for (Finding f : findings) {
            if (supporting(f)) {
                continue; // another hour or address is no news by itself
            }
            int i = alertedIndex(p, evidenceHash(f), now, t);
            if (i < 0 || p.alertedSeverity[i] < sev) {
                return true;
            }
        }
        return false;
    }

    private static int alertedIndex(KeyProfile p, long h, long now, Thresholds t) {
        for (int i = 0; i < p.alerted.length; i++) {
            if (p.alerted[i] == h && h != 0 && now - p.alertedTs[i] < t.alertRepeatAfterMs) {
                return i;
            }
        }
        return -1;
    }

    private static void remember(KeyProfile p, Finding[] findings, int sev, long now) {
        for (Finding f : findings) {
            if (supporting(f)) {
                // Never consulted by news(): remembering them evicted real evidence from the 16 slots,
                // which then alerted again as if new (decision 0269).
                continue;
            }
            long h = evidenceHash(f);
            int slot = -1;
            int oldest = 0;
            for (int i = 0; i < p.alerted.length; i++) {
                if (p.alerted[i] == h) {
                    slot = i;
                    break;
                }
                if (p.alertedTs[i] < p.alertedTs[oldest]) {
                    oldest = i;
                }
            }
            if (slot >= 0) {
                p.alertedSeverity[slot] = (byte) Math.max(sev, p.alertedSeverity[slot]);
            } else {
                slot = oldest;
                p.alerted[slot] = h;
                p.alertedSeverity[slot] = (byte) sev;
            }
            p.alertedTs[slot] = now;
        }
    }

    /** Off-hours and a new address only support other findings: never news, never an alert's identity. */
    private static boolean supporting(Finding f) {
        return f.detector.equals("off-hours") || f.detector.equals("new-source-address");
    }

    private static long evidenceHash(Finding f) {
        return HashSet64.hash(f.detector + "|" + (f.subject == null ? "" : f.subject));
    }

    private static boolean containsAll(String csv, String[] names) {
        List<String> have = Arrays.asList(csv.split(","));
        for (String n : names) {
            if (!have.contains(n)) {
                return false;
            }
        }
        return true;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String examples(String[] examples) {
        StringBuilder b = new StringBuilder();
        for (String e : examples) {
            if (e != null) {
                b.append(b.length() == 0 ? "" : ", ").append(e);
            }
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    private static String hours(int mask) {
        StringBuilder b = new StringBuilder();
        for (int h = 0; h < 24; h++) {
            if ((mask & (1 << h)) != 0) {
                b.append(b.length() == 0 ? "" : ",").append(h);
            }
        }
        return b.toString();
    }
}
