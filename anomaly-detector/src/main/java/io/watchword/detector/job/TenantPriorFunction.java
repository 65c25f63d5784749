package io.watchword.detector.job;

import io.watchword.detector.baseline.TenantProfile;
import io.watchword.detector.model.ControlRule;
import io.watchword.detector.model.Usage;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by tenant: annotates each usage event with its tenant's prior (does the tenant know this
 * network, client family, route; how many of its keys use this client; a key's typical rate) and
 * with the control topic's rules (announced change, threshold overrides), held as broadcast state.
 */
public class TenantPriorFunction extends KeyedBroadcastProcessFunction<String, Usage, ControlRule, Usage> {
    private static final long serialVersionUID = 1L;

    public static final MapStateDescriptor<String, ControlRule> CONTROL =
            new MapStateDescriptor<>("control-rules", Types.STRING, TypeInformation.of(ControlRule.class));

    private final Duration ttl;
    private transient ValueState<TenantProfile> profile;

    public TenantPriorFunction(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
        // Own compact serializer (decision 0241): on RocksDB every event reads and writes the profile.
        ValueStateDescriptor<TenantProfile> d =
                new ValueStateDescriptor<>("tenant-profile", TenantProfileSerializer.INSTANCE);
        d.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
        profile = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(Usage u, ReadOnlyContext ctx, Collector<Usage> out) throws Exception {
        TenantProfile p = profile.value();
        if (p == null) {
            p = new TenantProfile();
        }
        p.annotate(u);
        profile.update(p);
        ReadOnlyBroadcastState<String, ControlRule> rules = ctx.getBroadcastState(CONTROL);
        Map<String, String> overrides = null;
        for (Map.Entry<String, ControlRule> e : rules.immutableEntries()) {
            ControlRule r = e.getValue();
            if (!r.covers(u)) {
                continue;
            }
            if (r.overrides == null || r.overrides.isEmpty()) {
                u.announced = true;
            } else {
                if (overrides == null) {
                    overrides = new TreeMap<>();
                }
                overrides.putAll(r.overrides);
            }
        }
        if (overrides != null) {
            StringBuilder b = new StringBuilder();
            overrides.forEach((k, v) -> b.append(k).append('=').append(v).append(';'));
            u.overrides = b.toString();
        }
        out.collect(u);
    }

    @Override
    public void processBroadcastElement(ControlRule rule, Context ctx, Collector<Usage> out) throws Exception {
        if (rule.withdrawn) {
            ctx.getBroadcastState(CONTROL).remove(rule.ruleId);
        } else {
            ctx.getBroadcastState(CONTROL).put(rule.ruleId, rule);
        }
    }
}
