package io.watchword.detector.job;

import io.watchword.detector.baseline.Detectors;
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
 */
public class KeyBehaviourFunction extends KeyedCoProcessFunction<String, Usage, CredentialUpdate, AlertOut> {
    private static final long serialVersionUID = 1L;

    private final Thresholds defaults;
    private static final long DAY = 86_400_000L;
    private final long ttlMs;
    private transient ValueState<KeyProfile> profile;
    /** Event time of the key's last credential update (usage times are in the profile). */
    private transient ValueState<Long> credentialSeen;

    private transient Map<String, Thresholds> perOverrides;
    private transient Counter alerts;
    private transient Counter unattributed;

    public KeyBehaviourFunction(Thresholds defaults, Duration ttl) {
        this.defaults = defaults;
        this.ttlMs = ttl.toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        // Own compact serializer (decision 0241): on RocksDB every event reads and writes the profile.
        profile =
                getRuntimeContext().getState(new ValueStateDescriptor<>("key-profile", KeyProfileSerializer.INSTANCE));
        credentialSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("credential-seen", Long.class));
        perOverrides = new HashMap<>();
        alerts = getRuntimeContext().getMetricGroup().counter("alerts");
        unattributed = getRuntimeContext().getMetricGroup().counter("unattributedSuspicions");
    }

    @Override
    public void processElement1(Usage u, Context ctx, Collector<AlertOut> out) throws Exception {
        KeyProfile p = profile.value();
        if (p == null) {
            p = new KeyProfile();
        }
        int pendingBefore = p.pending.length;
        long expiryBefore = p.events == 0 ? Long.MIN_VALUE : expiry(p.lastSeen);
        AnomalyDetected alert = Detectors.onUsage(p, u, thresholds(u.overrides), u.announced);
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
        Long seen = credentialSeen.value();
        if (seen == null || c.ts > seen) {
            credentialSeen.update(c.ts);
            ctx.timerService().registerEventTimeTimer(expiry(c.ts));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertOut> out) throws Exception {
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
            profile.clear(); // idle for state.ttl: forgotten, as a new key would be
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
