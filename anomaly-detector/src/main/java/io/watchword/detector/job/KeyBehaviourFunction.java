package io.watchword.detector.job;

import io.watchword.detector.baseline.Detectors;
import io.watchword.detector.baseline.DormantMemory;
import io.watchword.detector.baseline.KeyProfile;
import io.watchword.detector.baseline.Thresholds;
import io.watchword.detector.model.AlertOut;
import io.watchword.detector.model.CredentialUpdate;
import io.watchword.detector.model.Usage;
import io.watchword.events.v1.AnomalyDetected;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by credential: the key's baseline and its credential state (connected keyed streams), every
 * detector on each usage event as it arrives (no window to wait for: an alert leaves with the event
 * that crossed the threshold), and an event-time timer that clears the key's suspicion once its
 * correlation window has passed.
 *
 * <p>Idle keys are dropped after {@code state.ttl} of <em>event</em> time by a timer per key (decision
 * 0194), not by Flink's state TTL: its per-access incremental cleanup scanned the heap state table on
 * every read and write (a quarter of the job's CPU at 100,000 keys), and its processing-time clock
 * never expired anything in a backtest, so live and backtest disagreed about long-idle keys.
 *
 * <p>A forgotten key that was used leaves a {@link DormantMemory} (≤ 51 bytes: last use, size of
 * history, home /16 blocks, credential expiry) until {@code state.ttl} after its credential's expiry,
 * or {@code state.dormant-memory-max} after its last use when the expiry is unknown, so its reuse is
 * still judged as a dormant key's (decision 0277).
 */
public class KeyBehaviourFunction extends KeyedCoProcessFunction<String, Usage, CredentialUpdate, AlertOut> {
    private static final long serialVersionUID = 1L;

    private final Thresholds defaults;
    private static final long DAY = 86_400_000L;
    private final long ttlMs;
    private final long memoryMaxMs;
    private transient ValueState<KeyProfile> profile;
    /** Event time of the key's last credential update (usage times are in the profile). */
    private transient ValueState<Long> credentialSeen;
    /** What is left of a used key forgotten after state.ttl idle (decision 0277). */
    private transient ValueState<DormantMemory> dormantMemory;

    private transient Map<String, Thresholds> perOverrides;
    private transient Counter alerts;
    private transient Counter unattributed;

    public KeyBehaviourFunction(Thresholds defaults, Duration ttl) {
        this(defaults, ttl, DEFAULT_MEMORY_MAX);
    }

    /** {@code state.dormant-memory-max}'s default: how long a forgotten key without a known expiry is remembered. */
    public static final Duration DEFAULT_MEMORY_MAX = Duration.ofDays(365);

    /**
     * @param memoryMax how long after its last use a forgotten key whose credential has no known expiry
     *     keeps its dormant memory ({@code state.dormant-memory-max}, decision 0277)
     */
    public KeyBehaviourFunction(Thresholds defaults, Duration ttl, Duration memoryMax) {
        this.defaults = defaults;
        this.ttlMs = ttl.toMillis();
        this.memoryMaxMs = memoryMax.toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        // Own compact serializer (decision 0241): on RocksDB every event reads and writes the profile.
        profile =
                getRuntimeContext().getState(new ValueStateDescriptor<>("key-profile", KeyProfileSerializer.INSTANCE));
        credentialSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("credential-seen", Long.class));
        dormantMemory = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("dormant-memory", DormantMemorySerializer.INSTANCE));
        perOverrides = new HashMap<>();
        alerts = getRuntimeContext().getMetricGroup().counter("alerts");
        unattributed = getRuntimeContext().getMetricGroup().counter("unattributedSuspicions");
    }

    @Override
    public void processElement1(Usage u, Context ctx, Collector<AlertOut> out) throws Exception {
        KeyProfile p = profile.value();
        // Only a key without usage of its own can have a dormant memory (it is dropped at first use).
        DormantMemory m = p == null || p.events == 0 ? dormantMemory.value() : null;
        if (p == null) {
            p = new KeyProfile();
        }
        if (m != null) {
            if (p.expiresAt == Long.MAX_VALUE) {
                p.expiresAt = m.expiresAt; // the credential's end, if no credential record came since
            }
            dormantMemory.clear();
            ctx.timerService().deleteEventTimeTimer(memoryEnd(m));
        }
        int pendingBefore = p.pending.length;
        long expiryBefore = p.events == 0 ? Long.MIN_VALUE : expiry(p.lastSeen);
        // Judged by the memory, then rebuilt from the tenant prior as a new key (decision 0277).
        AnomalyDetected alert = Detectors.onUsage(p, u, thresholds(u.overrides), u.announced, m);
        profile.update(p);
        long expiryNow = expiry(p.lastSeen);
        if (expiryNow != expiryBefore) {
            // Once per key and active day: the timer moves to the end of the new last day + TTL.
            if (expiryBefore != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(expiryBefore);
            }
            ctx.timerService().registerEventTimeTimer(expiryNow);
        }
        if (p.pending.length > 0 && pendingBefore == 0) {
            ctx.timerService().registerEventTimeTimer(u.ts + defaults.correlationWindowMs + 1);
        }
        if (alert != null) {
            alerts.inc();
            out.collect(AlertOut.of(alert));
        } else if (p.tenantId == null && p.pending.length > 0) {
            unattributed.inc();
        }
    }

    @Override
    public void processElement2(CredentialUpdate c, Context ctx, Collector<AlertOut> out) throws Exception {
        KeyProfile p = profile.value();
        if (p == null) {
            p = new KeyProfile();
        }
        Detectors.onCredential(p, c);
        profile.update(p);
        if (c.fullState && p.events == 0) {
            DormantMemory m = dormantMemory.value();
            if (m != null && m.expiresAt != p.expiresAt) {
                // The credential's end moved (renewed, shortened): the memory follows it.
                m.expiresAt = p.expiresAt;
                dormantMemory.update(m);
                ctx.timerService().registerEventTimeTimer(memoryEnd(m));
            }
        }
        Long seen = credentialSeen.value();
        if (seen == null || c.ts > seen) {
            credentialSeen.update(c.ts);
            ctx.timerService().registerEventTimeTimer(expiry(c.ts));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertOut> out) throws Exception {
        DormantMemory m = dormantMemory.value();
        if (m != null && timestamp >= memoryEnd(m)) {
            dormantMemory.clear(); // its credential ended state.ttl ago, or silent state.dormant-memory-max
        }
        KeyProfile p = profile.value();
        if (p == null) {
            return;
        }
        Long seen = credentialSeen.value();
        long lastTouched = Math.max(p.events == 0 ? Long.MIN_VALUE : p.lastSeen, seen == null ? Long.MIN_VALUE : seen);
        if (p.events == 0 && p.expiresAt != Long.MAX_VALUE) {
            // A key never seen in use is remembered while its credential lives: its first use long
            // after issue is what the dormant-key detector judges by the credential's age, and a key
            // issued more than state.ttl ago was otherwise forgotten before that use (decision 0275).
            lastTouched = Math.max(lastTouched, p.expiresAt);
        }
        if (lastTouched == Long.MIN_VALUE || timestamp >= expiry(lastTouched)) {
            if (p.events > 0) {
                remember(DormantMemory.of(p), timestamp, ctx);
            }
            profile.clear(); // idle for state.ttl: forgotten, as a new key would be, but for its dormant memory
            credentialSeen.clear();
            return;
        }
        if (isExpiryTime(timestamp)) {
            // An expiry timer, but not idle after all (touched since it was set): the expiry moves on.
            // A correlation-window timer skips this: processElement1/2 keep the expiry registered, and
            // re-registering it (a no-op in effect) cost ~2 % of the job's CPU in the timer set's
            // hash map (decision 0261).
            ctx.timerService().registerEventTimeTimer(expiry(lastTouched));
        }
        if (p.pending.length == 0) {
            return;
        }
        if (Detectors.expireAt(p, timestamp, defaults) && p.pending.length > 0) {
            long next = Long.MAX_VALUE;
            for (KeyProfile.Finding f : p.pending) {
                next = Math.min(next, f.ts);
            }
            ctx.timerService().registerEventTimeTimer(next + defaults.correlationWindowMs + 1);
        }
        profile.update(p);
    }

    /** Keeps a forgotten key's memory until its end, unless that has passed already (an old expired key). */
    private void remember(DormantMemory m, long now, OnTimerContext ctx) throws java.io.IOException {
        long end = memoryEnd(m);
        if (now < end) {
            dormantMemory.update(m);
            ctx.timerService().registerEventTimeTimer(end);
        }
    }

    /**
     * When a dormant memory is dropped: state.ttl after its credential's expiry, or, with no known
     * expiry, state.dormant-memory-max after its last use (at the end of that UTC day plus the TTL).
     */
    private long memoryEnd(DormantMemory m) {
        if (m.expiresAt != Long.MAX_VALUE && m.expiresAt > 0) {
            return expiry(m.expiresAt);
        }
        return expiry(m.lastSeen + memoryMaxMs) - ttlMs;
    }

    /** The current key's dormant memory (tests, with the operator's current key set). */
    DormantMemory currentMemory() throws java.io.IOException {
        return dormantMemory.value();
    }

    /** When a key last touched at event time {@code ts} expires: the end of that UTC day plus the TTL. */
    private long expiry(long ts) {
        return (Math.floorDiv(ts, DAY) + 1) * DAY + ttlMs;
    }

    /** Every expiry timer lies at the end of a UTC day plus the TTL; a window timer rarely does (then it acts as one). */
    private boolean isExpiryTime(long timestamp) {
        return Math.floorMod(timestamp - ttlMs, DAY) == 0;
    }

    /** The current key's profile (tests, with the operator's current key set). */
    KeyProfile currentProfile() throws java.io.IOException {
        return profile.value();
    }

    private Thresholds thresholds(String overrides) {
        if (overrides == null) {
            return defaults;
        }
        return perOverrides.computeIfAbsent(overrides, o -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (String pair : o.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    m.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return defaults.withOverrides(m);
        });
    }
}
