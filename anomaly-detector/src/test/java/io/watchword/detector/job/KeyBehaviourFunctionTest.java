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
    void aKeyNeverUsedIsRememberedWhileItsCredentialLivesSoItsLateFirstUseIsDormant() throws Exception {
        // issued at START - 60 s, expires 90 days later: no usage, only its credential state
        harness.processBothWatermarks(
                new Watermark(START.plus(Duration.ofDays(45)).toEpochMilli()));
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile()).isNotNull();
        assertThat(function.currentProfile().knownSince)
                .isEqualTo(START.minusSeconds(60).toEpochMilli());

        harness.processBothWatermarks(
                new Watermark(START.plus(Duration.ofDays(90 + 32)).toEpochMilli()));
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile())
                .as("forgotten state.ttl after its credential ended")
                .isNull();
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
        // A used key leaves its dormant memory, with one timer: its end (decision 0277, DormantMemoryTest).
        assertThat(function.currentMemory()).isNotNull();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
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
                .containsExactlyInAnyOrder(
                        "new-source-network", "new-client", "route-outside-profile", "sensitive-route");
        assertThat(alert.findings()).allSatisfy(f -> {
            assertThat(f.observed()).isNotBlank();
            assertThat(f.expected()).isNotBlank();
        });
        assertThat(alert.findings())
                .filteredOn(f -> f.detector().equals("new-source-network"))
                .extracting(f -> f.observed())
                .containsExactly("203.0.113.0/24");
        assertThat(alert.samples()).hasSize(1);
        assertThat(alert.samples().get(0).clientIp()).isEqualTo("203.0.113.7");
        assertThat(alert.severity()).isEqualTo(Severity.HIGH); // 0.6 + 0.5 + 0.4 + 0.6 (an export route)
        assertThat(alert.recommendedAction()).isEqualTo(ResponseAction.SUSPEND);

        // The thief's network was not learned; the window's timer is set, then clears it.
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile().netCount).isEqualTo(1);
        assertThat(function.currentProfile().pending).hasSize(4);
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

    // ---- issue 9 §2: detection quality (decisions 0188–0190)

    /** A request of a key that has no history yet, as the tenant prior annotates it. */
    void newKeyUsage(Instant at, String ip, String ua, String route, long tenantObservedMs) throws Exception {
        usage(TestEvents.usage(KEY, at, ip, ua, "GET", route, 200, null), u -> {
            u.tenantEvents = 5_000;
            u.tenantObservedMs = tenantObservedMs;
        });
    }

    @Test
    void aKeyNeverSeenInUseCountsAsDormantByItsCredentialAgeOnceTheJobHasWatchedItsTenant() throws Exception {
        harness.processElement2(
                new StreamRecord<>(credential(CredentialState.ACTIVE, START.minus(Duration.ofDays(60)))));
        newKeyUsage(
                START,
                "192.0.2.50",
                TestEvents.THIEF_UA,
                "/v1/orders",
                Duration.ofDays(5).toMillis());

        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).findings())
                .extracting(f -> f.detector())
                .contains("dormant-key-active", "new-source-network", "new-client");
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile().knownSince)
                .isEqualTo(START.minus(Duration.ofDays(60)).toEpochMilli());
    }

    @Test
    void aJobThatJustStartedNeitherCallsAnOldKeyDormantNorJudgesByAPriorYoungerThanADay() throws Exception {
        harness.processElement2(
                new StreamRecord<>(credential(CredentialState.ACTIVE, START.minus(Duration.ofDays(60)))));
        newKeyUsage(
                START,
                "192.0.2.50",
                TestEvents.THIEF_UA,
                "/v1/orders",
                Duration.ofHours(2).toMillis());

        assertThat(alerts()).isEmpty();
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile().pending).isEmpty();
    }

    @Test
    void theFirstSensitiveRouteByPathSegmentIsAFindingOfItsOwnAndAlertsWithANewAddress() throws Exception {
        ownerTraffic();
        usage(TestEvents.usage(
                KEY,
                START.plusSeconds(300),
                "10.0.0.2",
                TestEvents.OWNER_UA,
                "GET",
                "/v1/customers/{id}/payment-methods",
                200,
                null));
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile().pending)
                .extracting(f -> f.detector + "=" + f.score)
                .contains("sensitive-route=0.6");
        assertThat(alerts()).isEmpty(); // the owner's own address and client: 0.6 + 0.38 stays under 1

        usage(TestEvents.usage(
                KEY, START.plusSeconds(360), "10.0.0.77", TestEvents.OWNER_UA, "POST", "/v1/refunds", 200, null));
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).findings())
                .extracting(f -> f.detector())
                .contains("sensitive-route", "route-outside-profile", "new-source-address");
    }

    @Test
    void aContinuingConditionAlertsOnceAndAgainOnlyWhenItsEvidenceChanges() throws Exception {
        ownerTraffic();
        // A partner (or a thief) calls every two minutes for three hours from one new network and client.
        for (int i = 0; i < 90; i++) {
            usage(TestEvents.usage(
                    KEY,
                    START.plusSeconds(300 + 120L * i),
                    "198.51.100." + (10 + i % 3),
                    "partner-sync/2.0",
                    "GET",
                    "/v1/orders",
                    200,
                    null));
        }
        assertThat(alerts()).hasSize(1);

        // New evidence: another network with another client.
        usage(TestEvents.usage(
                KEY,
                START.plusSeconds(300 + 120L * 91),
                "192.0.2.9",
                TestEvents.THIEF_UA,
                "GET",
                "/v1/orders",
                200,
                null));
        assertThat(alerts()).hasSize(2);
        assertThat(alerts().get(1).findings()).extracting(f -> f.observed()).contains("192.0.2.0/24");
    }

    /** A mobile app: its owner's requests come from several /24s of one carrier /16. */
    void mobileOwner() throws Exception {
        for (int i = 0; i < 60; i++) {
            usage(TestEvents.usage(
                    KEY,
                    START.plusSeconds(2L * i),
                    "100.64." + (1 + i % 3) + ".7",
                    TestEvents.OWNER_UA,
                    "GET",
                    "/v1/orders",
                    200,
                    null));
        }
    }

    @Test
    void newNetworksInsideTheKeysOwnSpreadNeitherPageNorCountAsManySources() throws Exception {
        mobileOwner();
        for (int i = 0; i < 12; i++) {
            usage(TestEvents.usage(
                    KEY,
                    START.plusSeconds(200 + i),
                    "100.64." + (20 + i) + ".9",
                    TestEvents.OWNER_UA,
                    "GET",
                    "/v1/orders",
                    200,
                    null));
        }
        assertThat(alerts()).isEmpty();
        harness.getOperator().setCurrentKey(KEY);
        assertThat(function.currentProfile().blockCount).isEqualTo(1);
        assertThat(function.currentProfile().blockNets[0]).isEqualTo((short) 15);
    }

    @Test
    void asManyNetworksAllOverTheAddressSpaceAreAKeyPastedInPublic() throws Exception {
        mobileOwner();
        for (int i = 0; i < 12; i++) {
            usage(TestEvents.usage(
                    KEY,
                    START.plusSeconds(200 + i),
                    (30 + 7 * i) + ".1.2.3",
                    TestEvents.OWNER_UA,
                    "GET",
                    "/v1/orders",
                    200,
                    null));
        }
        assertThat(alerts())
                .flatExtracting(a -> a.findings())
                .extracting(f -> f.detector())
                .contains("many-sources");
    }
}
