package io.watchword.detector.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.DetectorConfig;
import io.watchword.detector.TestEvents;
import io.watchword.detector.baseline.DormantMemory;
import io.watchword.detector.baseline.KeyProfile;
import io.watchword.detector.baseline.Thresholds;
import io.watchword.detector.model.AlertOut;
import io.watchword.detector.model.CredentialUpdate;
import io.watchword.detector.model.Usage;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.DetectorFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A used key that went silent for longer than {@code state.ttl}, then is used again (decision 0277):
 * its profile is forgotten, its dormant memory is not, and its reuse is judged by it.
 */
class DormantMemoryTest {
    static final String KEY = "key_dormant";
    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    static final Instant LAST_USE = START.plusSeconds(2 * 59);

    KeyBehaviourFunction function;
    KeyedTwoInputStreamOperatorTestHarness<String, Usage, CredentialUpdate, AlertOut> harness;
    final Thresholds thresholds = Thresholds.from(DetectorConfig.defaults());

    /** A harness with the key's credential (issued just before START, expiring at {@code expiresAt}). */
    void open(Instant expiresAt, Duration memoryMax) throws Exception {
        function = new KeyBehaviourFunction(thresholds, Duration.ofDays(30), memoryMax);
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                function, u -> u.key, c -> c.key, org.apache.flink.api.common.typeinfo.Types.STRING);
        CredentialUpdate c = CredentialUpdate.of(TestEvents.state(KEY, START.minusSeconds(60), CredentialState.ACTIVE));
        c.expiresAt = expiresAt == null ? Long.MAX_VALUE : expiresAt.toEpochMilli();
        harness.processElement2(new StreamRecord<>(c));
        for (int i = 0; i < 60; i++) {
            usage("10.0.0." + (1 + i % 5), START.plusSeconds(2L * i), true);
        }
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    void usage(String ip, Instant at, boolean owner) throws Exception {
        Usage u = Usage.of(TestEvents.usage(
                KEY, at, ip, owner ? TestEvents.OWNER_UA : TestEvents.THIEF_UA, "GET", "/v1/orders", 200, null));
        harness.processElement1(new StreamRecord<>(u, u.ts));
    }

    void watermark(Instant at) throws Exception {
        harness.processBothWatermarks(new Watermark(at.toEpochMilli()));
        harness.getOperator().setCurrentKey(KEY);
    }

    List<AnomalyDetected> alerts() {
        return harness.extractOutputValues().stream().map(AlertOut::event).toList();
    }

    static DetectorFinding finding(AnomalyDetected a, String detector) {
        return a.findings().stream()
                .filter(f -> f.detector().equals(detector))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aUsedKeySilentLongerThanStateTtlThenUsedFromAForeignBlockIsAlertedAsDormantWithEvidence() throws Exception {
        open(START.plus(Duration.ofDays(365)), KeyBehaviourFunction.DEFAULT_MEMORY_MAX);

        watermark(START.plus(Duration.ofDays(40)));
        assertThat(function.currentProfile())
                .as("the profile is forgotten after state.ttl")
                .isNull();
        DormantMemory m = function.currentMemory();
        assertThat(m).as("its dormant memory is kept").isNotNull();
        assertThat(m.lastSeen).isEqualTo(LAST_USE.toEpochMilli());
        assertThat(m.blockCount).isEqualTo(1); // 10.0/16
        assertThat(m.eventsAbout()).isEqualTo(32); // 60 requests: 2^5
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the memory's end

        usage("198.51.100.9", START.plus(Duration.ofDays(45)), false);

        assertThat(alerts()).hasSize(1);
        AnomalyDetected alert = alerts().get(0);
        assertThat(alert.findings())
                .extracting(DetectorFinding::detector)
                .contains("dormant-key-active", "new-source-network");
        DetectorFinding dormant = finding(alert, "dormant-key-active");
        assertThat(dormant.observed())
                .isEqualTo("first request after 44 days, from 198.51.100.0/24 (a block it never used)");
        assertThat(dormant.expected())
                .isEqualTo("last use " + LAST_USE + ", about 32 requests before from 1 home blocks");
        assertThat(finding(alert, "new-source-network").observed()).isEqualTo("198.51.100.0/24");
        // Then the key rebuilds its profile from its first request, and the memory is gone.
        assertThat(function.currentProfile().events).isEqualTo(1);
        assertThat(function.currentMemory()).isNull();
    }

    @Test
    void theMemoryAndItsTimerSurviveARestartFromASnapshot() throws Exception {
        open(START.plus(Duration.ofDays(365)), KeyBehaviourFunction.DEFAULT_MEMORY_MAX);
        watermark(START.plus(Duration.ofDays(40)));
        assertThat(function.currentMemory()).isNotNull();
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        // A new job instance restored from that checkpoint (or a savepoint): memory and timer come back.
        function = new KeyBehaviourFunction(thresholds, Duration.ofDays(30), KeyBehaviourFunction.DEFAULT_MEMORY_MAX);
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator<>(function),
                u -> u.key,
                c -> c.key,
                org.apache.flink.api.common.typeinfo.Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile()).isNull();
        assertThat(function.currentMemory().lastSeen).isEqualTo(LAST_USE.toEpochMilli());
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        usage("198.51.100.9", START.plus(Duration.ofDays(45)), false);
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).findings())
                .extracting(DetectorFinding::detector)
                .contains("dormant-key-active", "new-source-network");
    }

    @Test
    void fromItsHomeNetworkTheReuseIsJudgedAsForAKeyStillRemembered() throws Exception {
        // Still remembered (no timer fired): after 40 days, its own network — dormant, and nothing else.
        open(START.plus(Duration.ofDays(365)), KeyBehaviourFunction.DEFAULT_MEMORY_MAX);
        usage("10.0.0.3", START.plus(Duration.ofDays(40)), true);
        assertThat(alerts()).isEmpty();
        harness.getOperator().setCurrentKey(KEY);
        List<String> remembered = detectors(function.currentProfile());
        assertThat(remembered).containsExactly("dormant-key-active");
        harness.close();

        // Forgotten, with its memory: the same judgement from its home /16.
        open(START.plus(Duration.ofDays(365)), KeyBehaviourFunction.DEFAULT_MEMORY_MAX);
        watermark(START.plus(Duration.ofDays(39)));
        assertThat(function.currentProfile()).isNull();
        usage("10.0.0.3", START.plus(Duration.ofDays(40)), true);
        assertThat(alerts()).isEmpty();
        harness.getOperator().setCurrentKey(KEY);
        assertThat(detectors(function.currentProfile())).isEqualTo(remembered);
        assertThat(function.currentProfile().pending[0].observed)
                .isEqualTo("first request after 39 days, from 10.0.0.0/24 (one of its home blocks)");
    }

    static List<String> detectors(KeyProfile p) {
        return Arrays.stream(p.pending).map(f -> f.detector).toList();
    }

    @Test
    void theMemoryLastsUntilStateTtlAfterTheCredentialsExpiry() throws Exception {
        open(START.plus(Duration.ofDays(90)), KeyBehaviourFunction.DEFAULT_MEMORY_MAX);
        watermark(START.plus(Duration.ofDays(119)));
        assertThat(function.currentMemory()).isNotNull();
        watermark(START.plus(Duration.ofDays(121)));
        assertThat(function.currentMemory()).isNull();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aSilentKeyWhoseCredentialExpiredLongAgoLeavesNoMemory() throws Exception {
        // Expired a day after its last use: by the time it is forgotten, state.ttl after its expiry passed.
        open(START.plus(Duration.ofDays(1)), KeyBehaviourFunction.DEFAULT_MEMORY_MAX);
        watermark(START.plus(Duration.ofDays(40)));
        assertThat(function.currentProfile()).isNull();
        assertThat(function.currentMemory()).isNull();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void withoutAKnownExpiryTheMemoryLastsStateDormantMemoryMaxAfterTheLastUse() throws Exception {
        open(null, Duration.ofDays(100));
        watermark(START.plus(Duration.ofDays(99)));
        assertThat(function.currentMemory()).isNotNull();
        watermark(START.plus(Duration.ofDays(101)));
        assertThat(function.currentMemory()).isNull();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theMemoryIsBoundedToItsBusiestHomeBlocksAndFiftyOneBytes() throws Exception {
        KeyProfile p = new KeyProfile();
        p.events = 5_000_000_000L;
        p.lastSeen = START.toEpochMilli();
        p.expiresAt = START.plus(Duration.ofDays(365)).toEpochMilli();
        for (int i = 0; i < KeyProfile.BLOCKS; i++) {
            p.blocks[i] = 1000 + i;
            p.blockNets[i] = (short) (i == 7 ? 50 : i);
        }
        p.blockCount = KeyProfile.BLOCKS;

        DormantMemory m = DormantMemory.of(p);
        assertThat(m.blockCount).isEqualTo(DormantMemory.BLOCKS);
        assertThat(m.blocks).containsExactly(1007, 1015, 1014, 1013);

        DataOutputSerializer out = new DataOutputSerializer(64);
        DormantMemorySerializer.INSTANCE.serialize(m, out);
        assertThat(out.length()).isEqualTo(DormantMemorySerializer.MAX_BYTES).isEqualTo(51);
        DormantMemory back = DormantMemorySerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        assertThat(back.lastSeen).isEqualTo(m.lastSeen);
        assertThat(back.expiresAt).isEqualTo(m.expiresAt);
        assertThat(back.eventsAbout()).isEqualTo(1L << 32);
        assertThat(back.blocks).containsExactly(m.blocks);
        assertThat(back.blockCount).isEqualTo(4);
    }
}
