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
import org.apache.flink.api.common.state.StateTtlConfig;
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
 */
public class KeyBehaviourFunction extends KeyedCoProcessFunction<String, Usage, CredentialUpdate, AlertOut> {
    private static final long serialVersionUID = 1L;

    private final Thresholds defaults;
    private final Duration ttl;
    private transient ValueState<KeyProfile> profile;
    private transient Map<String, Thresholds> perOverrides;
    private transient Counter alerts;
    private transient Counter unattributed;

    public KeyBehaviourFunction(Thresholds defaults, Duration ttl) {
        this.defaults = defaults;
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext ctx) {
        ValueStateDescriptor<KeyProfile> d = new ValueStateDescriptor<>("key-profile", KeyProfile.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
        profile = getRuntimeContext().getState(d);
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
        AnomalyDetected alert = Detectors.onUsage(p, u, thresholds(u.overrides), u.announced);
        profile.update(p);
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
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertOut> out) throws Exception {
        KeyProfile p = profile.value();
        if (p == null || p.pending.length == 0) {
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
