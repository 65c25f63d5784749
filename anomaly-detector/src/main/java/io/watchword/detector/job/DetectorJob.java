package io.watchword.detector.job;

import io.watchword.detector.DetectorConfig;
import io.watchword.detector.baseline.Thresholds;
import io.watchword.detector.model.AlertOut;
import io.watchword.detector.model.ControlRule;
import io.watchword.detector.model.CredentialUpdate;
import io.watchword.detector.model.DeadLetter;
import io.watchword.detector.model.Parsed;
import io.watchword.detector.model.Usage;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The one job graph, for live (Kafka) and backtest (files) alike: the sources differ, everything
 * from parsing on is this. Every operator has a stable uid (savepoints map state by it) and a name.
 */
public final class DetectorJob {
    public static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead-letters") {};

    public static final String UID_SPLIT_USAGE = "split-usage";
    public static final String UID_SPLIT_CREDENTIALS = "split-credentials";
    public static final String UID_SPLIT_CONTROL = "split-control";
    public static final String UID_TENANT_PRIOR = "tenant-prior";
    public static final String UID_KEY_BEHAVIOUR = "key-behaviour";

    private DetectorJob() {}

    /** The graph's outputs: alerts and dead letters, for the caller's sinks. */
    public record Outputs(DataStream<AlertOut> alerts, DataStream<DeadLetter> deadLetters) {}

    /** Event time from the parsed record, bounded out-of-orderness, idle sources do not stall. */
    public static WatermarkStrategy<Parsed> watermarks(DetectorConfig config) {
        return WatermarkStrategy.<Parsed>forBoundedOutOfOrderness(
                        Duration.ofMillis(config.millis("watermark.out-of-orderness")))
                .withTimestampAssigner((p, recordTs) -> p == null ? recordTs : p.ts)
                .withIdleness(Duration.ofMillis(config.millis("watermark.idleness")));
    }

    public static Outputs build(
            DataStream<Parsed> usage,
            DataStream<Parsed> credentials,
            DataStream<ControlRule> control,
            DetectorConfig config) {
        Duration ttl = Duration.ofMillis(config.millis("state.ttl"));
        Thresholds thresholds = Thresholds.from(config);

        SingleOutputStreamOperator<Usage> usageEvents =
                usage.process(new SplitUsage()).uid(UID_SPLIT_USAGE).name("parse usage (bad records → dead letters)");
        SingleOutputStreamOperator<CredentialUpdate> credentialEvents = credentials
                .process(new SplitCredentials())
                .uid(UID_SPLIT_CREDENTIALS)
                .name("parse credential state and revocations (bad records → dead letters)");

        SingleOutputStreamOperator<ControlRule> controlRules = control.process(new SplitControl())
                .uid(UID_SPLIT_CONTROL)
                .name("control rules (bad records → dead letters)")
                .setParallelism(1);
        BroadcastStream<ControlRule> rules = controlRules.broadcast(TenantPriorFunction.CONTROL);
        SingleOutputStreamOperator<Usage> annotated = usageEvents
                .keyBy(Usage::tenantKey)
                .connect(rules)
                .process(new TenantPriorFunction(ttl))
                .uid(UID_TENANT_PRIOR)
                .name("tenant prior and control rules");

        SingleOutputStreamOperator<AlertOut> alerts = annotated
                .keyBy(u -> u.key)
                .connect(credentialEvents.keyBy(c -> c.key))
                .process(new KeyBehaviourFunction(
                        thresholds, ttl, Duration.ofMillis(config.millis("state.dormant-memory-max"))))
                .uid(UID_KEY_BEHAVIOUR)
                .name("per-key baseline and detectors");

        DataStream<DeadLetter> dead = usageEvents.getSideOutput(DEAD).union(credentialEvents.getSideOutput(DEAD));
        return new Outputs(alerts, dead);
    }

    static final class SplitUsage extends ProcessFunction<Parsed, Usage> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Parsed p, Context ctx, Collector<Usage> out) {
            if (p.dead != null) {
                ctx.output(DEAD, p.dead);
            } else if (p.usage != null) {
                out.collect(p.usage);
            } else if (p.credential != null) {
                DeadLetter d = new DeadLetter();
                d.topic = "usage";
                d.reason = "a credential event where usage was expected";
                ctx.output(DEAD, d);
            }
        }
    }

    static final class SplitControl extends ProcessFunction<ControlRule, ControlRule> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(ControlRule r, Context ctx, Collector<ControlRule> out) {
            if (r.dead != null) {
                ctx.output(DEAD, r.dead);
            } else {
                out.collect(r);
            }
        }
    }

    static final class SplitCredentials extends ProcessFunction<Parsed, CredentialUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Parsed p, Context ctx, Collector<CredentialUpdate> out) {
            if (p.dead != null) {
                ctx.output(DEAD, p.dead);
            } else if (p.credential != null && p.credential.key != null) {
                out.collect(p.credential);
            } else if (p.usage != null) {
                DeadLetter d = new DeadLetter();
                d.topic = "credentials";
                d.reason = "a usage event where credential state was expected";
                ctx.output(DEAD, d);
            }
        }
    }
}
