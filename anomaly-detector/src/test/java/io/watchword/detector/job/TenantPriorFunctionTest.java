package io.watchword.detector.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.TestEvents;
import io.watchword.detector.io.ControlRules;
import io.watchword.detector.model.ControlRule;
import io.watchword.detector.model.Usage;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.DetectorControlChanged;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The tenant operator in Flink's keyed broadcast harness: the prior it learns and the control rules it applies. */
class TenantPriorFunctionTest {
    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

    KeyedBroadcastOperatorTestHarness<String, Usage, ControlRule, Usage> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new TenantPriorFunction(Duration.ofDays(30)),
                Usage::tenantKey,
                Types.STRING,
                TenantPriorFunction.CONTROL);
    }

    @Test
    void aNewKeyIsJudgedAgainstWhatItsTenantsOtherKeysDo() throws Exception {
        try (var h = harness()) {
            for (int i = 0; i < 60; i++) {
                h.processElement(
                        new StreamRecord<>(Usage.of(TestEvents.owner("key_k" + (i % 6), START.plusSeconds(i), i))));
            }
            h.processElement(new StreamRecord<>(Usage.of(TestEvents.owner("key_new", START.plusSeconds(70), 1))));
            h.processElement(new StreamRecord<>(Usage.of(TestEvents.thief("key_new2", START.plusSeconds(71), 1))));

            List<Usage> out = h.extractOutputValues();
            Usage likeTheOthers = out.get(60);
            Usage unlike = out.get(61);
            assertThat(likeTheOthers.tenantEvents).isEqualTo(60);
            assertThat(likeTheOthers.tenantKnowsNetwork).isTrue();
            assertThat(likeTheOthers.tenantKnowsUaFamily).isTrue();
            assertThat(likeTheOthers.uaAdoptingKeys).isGreaterThanOrEqualTo(3);
            assertThat(unlike.tenantKnowsNetwork).isFalse();
            assertThat(unlike.tenantKnowsUaFamily).isFalse();
            assertThat(unlike.tenantKnowsRoute).isFalse();
        }
    }

    @Test
    void controlRulesAnnounceChangesAndOverrideThresholdsAtRuntimeAndATombstoneWithdrawsThem() throws Exception {
        try (var h = harness()) {
            DetectorControlChanged announce = new DetectorControlChanged(
                    UUID.randomUUID(),
                    START,
                    TestEvents.TENANT,
                    "move-eu",
                    null,
                    START,
                    START.plusSeconds(3600),
                    null,
                    "region move");
            DetectorControlChanged override = new DetectorControlChanged(
                    UUID.randomUUID(),
                    START,
                    TestEvents.TENANT,
                    "stricter",
                    null,
                    null,
                    null,
                    Map.of("alert.threshold", "0.8"),
                    null);
            h.processBroadcastElement(new StreamRecord<>(ControlRules.parse(json(announce))));
            h.processBroadcastElement(new StreamRecord<>(ControlRules.parse(json(override))));

            h.processElement(new StreamRecord<>(Usage.of(TestEvents.owner("key_a", START.plusSeconds(10), 0))));
            h.processElement(new StreamRecord<>(Usage.of(TestEvents.owner("key_a", START.plusSeconds(4000), 0))));
            ControlRule withdraw = new ControlRule();
            withdraw.ruleId = TestEvents.TENANT + "/stricter";
            withdraw.withdrawn = true;
            h.processBroadcastElement(new StreamRecord<>(withdraw));
            h.processElement(new StreamRecord<>(Usage.of(TestEvents.owner("key_a", START.plusSeconds(4001), 0))));

            List<Usage> out = h.extractOutputValues();
            assertThat(out.get(0).announced).isTrue();
            assertThat(out.get(0).overrides).isEqualTo("alert.threshold=0.8;");
            assertThat(out.get(1).announced).isFalse();
            assertThat(out.get(1).overrides).isEqualTo("alert.threshold=0.8;");
            assertThat(out.get(2).overrides).isNull();
        }
    }

    static String json(DetectorControlChanged c) {
        return new String(EventSerde.serialize(c), StandardCharsets.UTF_8);
    }
}
