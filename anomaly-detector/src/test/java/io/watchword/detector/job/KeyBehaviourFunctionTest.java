package io.watchword.detector.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.DetectorConfig;
import io.watchword.detector.TestEvents;
import io.watchword.detector.baseline.Thresholds;
import io.watchword.detector.model.AlertOut;
import io.watchword.detector.model.CredentialUpdate;
import io.watchword.detector.model.Usage;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.RefusalReason;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-key operator in Flink's keyed two-input harness: its output, its state and its timers. */
class KeyBehaviourFunctionTest {
    static final String KEY = "key_harness";
    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

    KeyBehaviourFunction function;
    KeyedTwoInputStreamOperatorTestHarness<String, Usage, CredentialUpdate, AlertOut> harness;
    Thresholds thresholds = Thresholds.from(DetectorConfig.defaults());

    @BeforeEach
    void open() throws Exception {
        function = new KeyBehaviourFunction(thresholds, Duration.ofDays(30));
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                function, u -> u.key, c -> c.key, org.apache.flink.api.common.typeinfo.Types.STRING);
        harness.processElement2(new StreamRecord<>(credential(CredentialState.ACTIVE, START.minusSeconds(60))));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    void usage(ApiUsageRecorded e) throws Exception {
        usage(e, u -> {});
    }

    void usage(ApiUsageRecorded e, Consumer<Usage> tweak) throws Exception {
        Usage u = Usage.of(e);
        tweak.accept(u);
        harness.processElement1(new StreamRecord<>(u, u.ts));
    }

    void ownerTraffic() throws Exception {
        for (int i = 0; i < 60; i++) {
            usage(TestEvents.owner(KEY, START.plusSeconds(2L * i), i));
        }
    }

    List<AnomalyDetected> alerts() {
        return harness.extractOutputValues().stream().map(AlertOut::event).toList();
    }

    static CredentialUpdate credential(CredentialState status, Instant at) {
        return CredentialUpdate.of(TestEvents.state(KEY, at, status));
    }

    @Test
    void theOwnersTrafficIsLearnedWithoutAlerts() throws Exception {
        ownerTraffic();

        assertThat(alerts()).isEmpty();
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile().events).isEqualTo(60);
        assertThat(function.currentProfile().netCount).isEqualTo(1); // 10.0.0.1–5: one /24
        assertThat(function.currentProfile().routeCount).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the idle-key expiry (state.ttl)
    }

    @Test
    void anIdleKeyIsForgottenOnceStateTtlOfEventTimeHasPassed() throws Exception {
        ownerTraffic(); // 2026-11-30: expires at the end of that day + 30 days

        harness.processBothWatermarks(
                new Watermark(START.plus(Duration.ofDays(30)).toEpochMilli()));
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile()).isNotNull();

        harness.processBothWatermarks(
                new Watermark(START.plus(Duration.ofDays(31)).toEpochMilli()));
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile()).isNull();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aThiefIsAlertedOnItsFirstRequestWithEvidenceAndOnlyOnceThenTheTimerClearsTheSuspicion() throws Exception {
        ownerTraffic();
        for (int i = 0; i < 5; i++) {
            usage(TestEvents.thief(KEY, START.plusSeconds(200 + i), i));
        }

        List<AnomalyDetected> alerts = alerts();
        assertThat(alerts).hasSize(1);
        AnomalyDetected alert = alerts.get(0);
        assertThat(alert.occurredAt()).isEqualTo(START.plusSeconds(200));
        assertThat(alert.findings())
                .extracting(f -> f.detector())
                .containsExactlyInAnyOrder("new-source-network", "new-client", "route-outside-profile");
        assertThat(alert.findings()).allSatisfy(f -> {
            assertThat(f.observed()).isNotBlank();
            assertThat(f.expected()).isNotBlank();
        });
        assertThat(alert.findings().get(0).observed()).isEqualTo("203.0.113.0/24");
        assertThat(alert.samples()).hasSize(1);
        assertThat(alert.samples().get(0).clientIp()).isEqualTo("203.0.113.7");
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.recommendedAction()).isEqualTo(ResponseAction.NOTIFY);

        // The thief's network was not learned; the window's timer is set, then clears it.
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile().netCount).isEqualTo(1);
        assertThat(function.currentProfile().pending).hasSize(3);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2); // the window's, and the idle-key expiry
        harness.processBothWatermarks(new Watermark(
                START.plusSeconds(200).toEpochMilli() + Duration.ofMinutes(11).toMillis()));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile().pending).isEmpty();
    }

    @Test
    void theSameEventsGiveTheSameAlertIdAReplayIsHarmless() throws Exception {
        ownerTraffic();
        usage(TestEvents.thief(KEY, START.plusSeconds(200), 0));
        AnomalyDetected first = alerts().get(0);
        close();
        open();
        ownerTraffic();
        usage(TestEvents.thief(KEY, START.plusSeconds(200), 0));

        assertThat(alerts().get(0).eventId()).isEqualTo(first.eventId());
    }

    @Test
    void useOfARevokedKeyIsAlertedAtOnceAndNeverLowEvenFromTheOwnersNetwork() throws Exception {
        ownerTraffic();
        harness.processElement2(new StreamRecord<>(credential(CredentialState.REVOKED, START.plusSeconds(150))));
        usage(TestEvents.usage(
                KEY,
                START.plusSeconds(160),
                "10.0.0.1",
                TestEvents.OWNER_UA,
                "GET",
                "/v1/orders",
                401,
                RefusalReason.REVOKED));

        AnomalyDetected alert = alerts().get(0);
        assertThat(alert.detector()).isEqualTo("retired-key-use");
        assertThat(alert.severity()).isIn(Severity.HIGH, Severity.CRITICAL);
    }

    @Test
    void useFromOutsideTheAllowedCidrsIsAlerted() throws Exception {
        CredentialUpdate restricted = credential(CredentialState.ACTIVE, START.minusSeconds(30));
        restricted.allowedCidrs = new String[] {"10.0.0.0/24"};
        harness.processElement2(new StreamRecord<>(restricted));
        usage(TestEvents.owner(KEY, START, 0));
        usage(TestEvents.usage(
                KEY, START.plusSeconds(1), "198.51.100.9", TestEvents.OWNER_UA, "GET", "/v1/orders", 200, null));

        assertThat(alerts()).extracting(AnomalyDetected::detector).containsExactly("outside-allowed-cidrs");
    }

    @Test
    void aGradualRegionMoveAloneDoesNotPageAndTheNewNetworkIsLearned() throws Exception {
        ownerTraffic();
        for (int i = 0; i < 10; i++) {
            usage(TestEvents.usage(
                    KEY,
                    START.plusSeconds(300 + i),
                    "172.16.5.9",
                    TestEvents.OWNER_UA,
                    "GET",
                    "/v1/orders",
                    200,
                    null));
        }

        assertThat(alerts()).isEmpty();
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile().netCount).isEqualTo(2);
    }

    @Test
    void aTenantWideClientUpgradeDoesNotPage() throws Exception {
        ownerTraffic();
        usage(
                TestEvents.usage(
                        KEY, START.plusSeconds(300), "10.0.0.2", "acme-sdk-ng/1.0", "GET", "/v1/orders", 200, null),
                u -> u.uaAdoptingKeys = 12);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void anAnnouncedChangeSoftensTheBehaviouralFindingsButATenantOverrideCanLowerTheThreshold() throws Exception {
        ownerTraffic();
        usage(TestEvents.thief(KEY, START.plusSeconds(200), 0), u -> u.announced = true);
        assertThat(alerts()).isEmpty();

        usage(
                TestEvents.usage(
                        KEY, START.plusSeconds(900), "172.16.5.9", TestEvents.OWNER_UA, "GET", "/v1/orders", 200, null),
                u -> u.overrides = "alert.threshold=0.5;");
        assertThat(alerts()).extracting(AnomalyDetected::detector).containsExactly("new-source-network");
    }

    @Test
    void aBurstOfRefusedRequestsIsProbing() throws Exception {
        ownerTraffic();
        for (int i = 0; i < 12; i++) {
            usage(TestEvents.usage(
                    KEY,
                    START.plusSeconds(600 + i),
                    "10.0.0.1",
                    TestEvents.OWNER_UA,
                    "GET",
                    "/v1/orders",
                    403,
                    RefusalReason.INSUFFICIENT_SCOPE));
        }
        assertThat(alerts()).isNotEmpty();
        assertThat(alerts().get(0).findings()).extracting(f -> f.detector()).contains("probing");
    }

    @Test
    void aDormantKeySuddenlyUsedFromANewNetworkIsAlerted() throws Exception {
        ownerTraffic();
        usage(TestEvents.usage(
                KEY,
                START.plus(Duration.ofDays(40)),
                "192.0.2.50",
                TestEvents.OWNER_UA,
                "GET",
                "/v1/orders",
                200,
                null));
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).findings())
                .extracting(f -> f.detector())
                .contains("dormant-key-active", "new-source-network");
    }

    @Test
    void aVolumeSpikeWithNewRoutesIsAlerted() throws Exception {
        ownerTraffic();
        for (int i = 0; i < 200; i++) {
            usage(TestEvents.usage(
                    KEY,
                    START.plusMillis(400_000 + i * 100L),
                    "10.0.0.3",
                    TestEvents.OWNER_UA,
                    "GET",
                    "/v1/customers/{id}",
                    200,
                    null));
        }
        assertThat(alerts()).isNotEmpty();
        assertThat(alerts().get(alerts().size() - 1).findings())
                .extracting(f -> f.detector())
                .contains("volume-spike");
    }
}
