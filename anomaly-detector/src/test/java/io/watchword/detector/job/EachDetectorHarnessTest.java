package io.watchword.detector.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.DetectorConfig;
import io.watchword.detector.TestEvents;
import io.watchword.detector.baseline.KeyProfile;
import io.watchword.detector.baseline.Thresholds;
import io.watchword.detector.model.AlertOut;
import io.watchword.detector.model.CredentialUpdate;
import io.watchword.detector.model.Usage;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.DetectorFinding;
import io.watchword.events.v1.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every detector that {@link KeyBehaviourFunctionTest} does not already drive, one by one, in
 * Flink's keyed two-input harness: the alert (or its absence), the key's state afterwards and the
 * event-time timers (its correlation window's, and the idle-key expiry of decision 0194); plus the
 * operator's repeat rule (decision 0188), its event-time state expiry, and a snapshot restored into a
 * fresh operator (heap and RocksDB) that keeps state and timers.
 *
 * <p>Detector coverage (issue 9 §1, the 13 detectors plus the tenant prior for a key without
 * history): retired-key-use (revoked: KeyBehaviourFunctionTest; expired/rotated-out, suspension
 * from the revocations topic: here), outside-allowed-cidrs, new-source-network, new-client,
 * route-outside-profile, probing, volume-spike, dormant-key-active (KeyBehaviourFunctionTest);
 * new-source-address, many-sources, low-and-slow-sensitive, sensitive-route, bulk-transfer,
 * off-hours, the tenant prior (here).
 *
 * <p>Every key with state also has one event-time timer for its expiry (end of its last day of use
 * plus {@code state.ttl}): the timer counts below include it.
 */
class EachDetectorHarnessTest {
    static final String KEY = "key_detectors";
    /** A Monday, 10:00 UTC: the owner's traffic runs from here. */
    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

    static final long WINDOW = Duration.ofMinutes(10).toMillis();

    KeyBehaviourFunction function;
    KeyedTwoInputStreamOperatorTestHarness<String, Usage, CredentialUpdate, AlertOut> harness;
    final Thresholds thresholds = Thresholds.from(DetectorConfig.defaults());

    @BeforeEach
    void open() throws Exception {
        harness = newHarness(null, null);
        harness.processElement2(new StreamRecord<>(credential(CredentialState.ACTIVE, START.minusSeconds(60))));
    }

    /** A harness around a fresh operator, on {@code backend} (null: the harness default), restored from {@code state}. */
    KeyedTwoInputStreamOperatorTestHarness<String, Usage, CredentialUpdate, AlertOut> newHarness(
            StateBackend backend, OperatorSubtaskState state) throws Exception {
        function = new KeyBehaviourFunction(thresholds, Duration.ofDays(30));
        if (backend == null && state == null) {
            return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                    function, u -> u.key, c -> c.key, Types.STRING);
        }
        var h = new KeyedTwoInputStreamOperatorTestHarness<String, Usage, CredentialUpdate, AlertOut>(
                new org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator<>(function),
                u -> u.key,
                c -> c.key,
                Types.STRING);
        h.setStateBackend(backend);
        h.setup();
        if (state == null) {
            h.initializeEmptyState();
        } else {
            h.initializeState(state);
        }
        h.open();
        return h;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    // --- helpers ---

    void usage(ApiUsageRecorded e) throws Exception {
        usage(e, u -> {});
    }

    void usage(ApiUsageRecorded e, Consumer<Usage> tweak) throws Exception {
        Usage u = Usage.of(e);
        tweak.accept(u);
        harness.processElement1(new StreamRecord<>(u, u.ts));
    }

    /** The owner's request at {@code at}, from {@code ip}, on {@code route}, with {@code bytes} of response. */
    static ApiUsageRecorded request(Instant at, String ip, String route, long bytes) {
        ApiUsageRecorded e = TestEvents.usage(KEY, at, ip, TestEvents.OWNER_UA, "GET", route, 200, null);
        return new ApiUsageRecorded(
                e.eventId(),
                e.occurredAt(),
                e.tenantId(),
                e.credentialId(),
                e.service(),
                e.method(),
                e.route(),
                e.status(),
                e.latencyMicros(),
                e.clientIp(),
                e.userAgent(),
                e.requestBytes(),
                bytes,
                e.outcome(),
                e.refusalReason(),
                e.displayPrefix());
    }

    /** {@code n} owner requests, one every 2 s from START: 10.0.0.1–5 (one /24), two routes, one client. */
    void ownerTraffic(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            usage(TestEvents.owner(KEY, START.plusSeconds(2L * i), i));
        }
    }

    List<AnomalyDetected> alerts() {
        return harness.extractOutputValues().stream().map(AlertOut::event).toList();
    }

    KeyProfile profile() throws Exception {
        harness.getOperator().setCurrentKey(KEY);
        return function.currentProfile();
    }

    static List<String> detectors(KeyProfile.Finding[] pending) {
        return Arrays.stream(pending).map(f -> f.detector).toList();
    }

    static List<String> detectors(AnomalyDetected alert) {
        return alert.findings().stream().map(DetectorFinding::detector).toList();
    }

    static DetectorFinding finding(AnomalyDetected alert, String detector) {
        return alert.findings().stream()
                .filter(f -> f.detector().equals(detector))
                .findFirst()
                .orElseThrow();
    }

    static CredentialUpdate credential(CredentialState status, Instant at) {
        return CredentialUpdate.of(TestEvents.state(KEY, at, status));
    }

    /** A tenant the job has watched long enough for its prior to count (prior.min-age, decision 0189). */
    static void watchedTenant(Usage u) {
        u.tenantEvents = 500;
        u.tenantObservedMs = Duration.ofDays(5).toMillis();
    }

    /** Advances event time on both inputs to {@code at}. */
    void watermark(Instant at) throws Exception {
        harness.processBothWatermarks(new Watermark(at.toEpochMilli()));
    }

    // --- new-source-address ---

    @Test
    void aNewAddressInsideAKnownNetworkIsAWeakFindingThatIsLearnedAndItsWindowTimerClearsIt() throws Exception {
        ownerTraffic(60);
        assertThat(profile().ipCount).isEqualTo(5);
        Instant at = START.plusSeconds(300);

        usage(request(at, "10.0.0.77", "/v1/orders", 2400));

        assertThat(alerts()).isEmpty();
        KeyProfile p = profile();
        assertThat(detectors(p.pending)).containsExactly("new-source-address");
        assertThat(p.pending[0].observed).isEqualTo("10.0.0.77");
        assertThat(p.ipCount).isEqualTo(6); // below the threshold on its own: learned
        assertThat(harness.numEventTimeTimers()).isEqualTo(2); // the window's, and the idle-key expiry

        watermark(at.plusMillis(WINDOW)); // the timer is due one millisecond after the window
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        watermark(at.plusMillis(WINDOW + 1));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the expiry only
        assertThat(profile().pending).isEmpty();
        assertThat(profile().samples).isEmpty();
    }

    // --- many-sources ---

    @Test
    void aKeyUsedFromManyNetworksAtOnceIsAlertedAsPastedInPublic() throws Exception {
        ownerTraffic(60);
        Instant at = START.plusSeconds(200);
        // The owner's client and routes, but a new /24 in a new /16 every two seconds: only the networks
        // give it away. (Several /24s of one /16 would be the key's normal spread, decision 0190.)
        for (int i = 0; i < 12; i++) {
            usage(request(at.plusSeconds(2L * i), (30 + 7 * i) + ".18.10.4", "/v1/orders", 2400));
        }

        List<AnomalyDetected> alerts = alerts();
        assertThat(alerts).isNotEmpty();
        AnomalyDetected first = alerts.get(0);
        assertThat(detectors(first)).contains("many-sources", "new-source-network");
        assertThat(finding(first, "many-sources").observed()).isEqualTo("8 networks within 300 s");
        assertThat(first.severity()).isIn(Severity.MEDIUM, Severity.HIGH);
        KeyProfile p = profile();
        assertThat(detectors(p.pending)).contains("many-sources");
        assertThat(Arrays.stream(p.recentNets).filter(n -> n != 0).count()).isEqualTo(13);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    // --- low-and-slow-sensitive ---

    @Test
    void sensitiveRoutesExploredSlowlyHoursApartAreAlertedOnTheThirdThoughEachWindowExpired() throws Exception {
        ownerTraffic(60);
        String[] routes = {"/v1/admin/users", "/v1/keys/{id}", "/internal/config"};
        for (int i = 0; i < 2; i++) {
            Instant at = START.plus(Duration.ofHours(1 + i));
            usage(request(at, "10.0.0.1", routes[i], 2400));
            // A new sensitive route is a finding of its own (decision 0189), still under the threshold.
            assertThat(alerts()).as("route %d alone", i).isEmpty();
            assertThat(detectors(profile().pending)).containsExactly("route-outside-profile", "sensitive-route");
            assertThat(harness.numEventTimeTimers()).isEqualTo(2);
            watermark(at.plusMillis(WINDOW + 1));
            // The window's timer fired and cleared the findings; the slow count lives on in state.
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
            assertThat(profile().pending).isEmpty();
            assertThat(profile().sensitiveCount).isEqualTo(i + 1);
        }

        usage(request(START.plus(Duration.ofHours(3)), "10.0.0.1", routes[2], 2400));

        assertThat(alerts()).hasSize(1);
        AnomalyDetected alert = alerts().get(0);
        assertThat(detectors(alert))
                .containsExactlyInAnyOrder("low-and-slow-sensitive", "route-outside-profile", "sensitive-route");
        assertThat(finding(alert, "low-and-slow-sensitive").observed()).startsWith("3 new sensitive routes since");
        assertThat(profile().sensitiveCount).isEqualTo(3);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    // --- bulk-transfer ---

    @Test
    void aMinuteOfResponseBytesFarAboveTheUsualIsBulkTransferOnceAMinute() throws Exception {
        ownerTraffic(60);
        Instant at = START.plusSeconds(600);
        for (int i = 0; i < 4; i++) {
            usage(request(at.plusSeconds(i), "10.0.0.2", "/v1/orders/export", 20_000_000));
        }

        // 20 MB, 40 MB: nothing but the new (export, so sensitive) route, under the threshold; 60 MB crosses
        // the 50 MB floor; 80 MB is the same minute.
        assertThat(alerts()).hasSize(1);
        AnomalyDetected alert = alerts().get(0);
        assertThat(alert.occurredAt()).isEqualTo(at.plusSeconds(2));
        assertThat(detectors(alert))
                .containsExactlyInAnyOrder("bulk-transfer", "sensitive-route", "route-outside-profile");
        assertThat(finding(alert, "bulk-transfer").observed()).isEqualTo("60000000 bytes this minute");
        KeyProfile p = profile();
        assertThat(p.curBytes).isEqualTo(80_000_000L);
        assertThat(p.curCount).isEqualTo(4);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    // --- off-hours ---

    @Test
    void aRequestAtAnHourTheKeyIsNeverActiveSupportsOtherFindingsButIsNothingAlone() throws Exception {
        ownerTraffic(250); // ≥ 10 × learn-events, all between 10:00 and 10:09 UTC
        Instant night = Instant.parse("2026-12-01T03:00:00Z");

        usage(request(night, "10.0.0.3", "/v1/orders", 2400));
        assertThat(alerts()).isEmpty();
        assertThat(profile().pending).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // no window: only the expiry, moved to this day

        // That quiet request taught the key hour 3; an hour later is still one it never used.
        usage(TestEvents.thief(KEY, night.plus(Duration.ofMinutes(90)), 0));
        assertThat(alerts()).hasSize(1);
        AnomalyDetected alert = alerts().get(0);
        assertThat(detectors(alert))
                .containsExactlyInAnyOrder(
                        "new-source-network", "new-client", "route-outside-profile", "sensitive-route", "off-hours");
        assertThat(finding(alert, "off-hours").observed()).isEqualTo("4:00 UTC");
    }

    // --- retired-key-use: expired, rotated out, suspended ---

    @Test
    void aRotatedOutKeyUsedAfterItsGraceIsAFindingButDuringTheGraceNothing() throws Exception {
        ownerTraffic(60);
        CredentialUpdate rotated = credential(CredentialState.ROTATED, START.plusSeconds(150));
        rotated.graceEndsAt = START.plusSeconds(400).toEpochMilli();
        harness.processElement2(new StreamRecord<>(rotated));

        usage(request(START.plusSeconds(300), "10.0.0.1", "/v1/orders", 2400));
        assertThat(profile().pending).isEmpty();

        usage(request(START.plusSeconds(500), "10.0.0.1", "/v1/orders", 2400));
        // The owner's forgotten client: a finding below the alert threshold, not a page.
        assertThat(alerts()).isEmpty();
        KeyProfile p = profile();
        assertThat(detectors(p.pending)).containsExactly("retired-key-use");
        assertThat(p.pending[0].score).isEqualTo(thresholds.rotatedOutScore);
        assertThat(p.pending[0].hard).isFalse();
        assertThat(p.status).isEqualTo("ROTATED");
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void anExpiredKeyInUseIsAFindingOfTheExpiredScore() throws Exception {
        ownerTraffic(60);
        CredentialUpdate expired = credential(CredentialState.ACTIVE, START.plusSeconds(150));
        expired.expiresAt = START.plusSeconds(200).toEpochMilli();
        harness.processElement2(new StreamRecord<>(expired));

        usage(request(START.plusSeconds(250), "10.0.0.1", "/v1/orders", 2400));

        assertThat(alerts()).isEmpty();
        assertThat(detectors(profile().pending)).containsExactly("retired-key-use");
        assertThat(profile().pending[0].observed).startsWith("EXPIRED key used");
    }

    @Test
    void aSuspensionFromTheRevocationsTopicMakesTheNextUseAHighAlertEvenFromTheOwner() throws Exception {
        ownerTraffic(60);
        CredentialUpdate suspended = new CredentialUpdate();
        suspended.key = KEY;
        suspended.tenantId = TestEvents.TENANT;
        suspended.ts = START.plusSeconds(150).toEpochMilli();
        suspended.status = "SUSPENDED";
        suspended.fullState = false; // a revocation record: status only, the CIDRs and expiry stay
        harness.processElement2(new StreamRecord<>(suspended));
        assertThat(profile().status).isEqualTo("SUSPENDED");
        assertThat(profile().expiresAt).isNotEqualTo(0L);

        usage(request(START.plusSeconds(160), "10.0.0.1", "/v1/orders", 2400));

        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).detector()).isEqualTo("retired-key-use");
        assertThat(alerts().get(0).severity()).isIn(Severity.HIGH, Severity.CRITICAL);
    }

    // --- the tenant prior, for a key with no history of its own ---

    @Test
    void aNewKeyIsJudgedByItsTenantsPriorFromItsVeryFirstRequest() throws Exception {
        Instant at = START.plusSeconds(30);
        usage(TestEvents.thief(KEY, at, 0), EachDetectorHarnessTest::watchedTenant); // the tenant knows none of it

        assertThat(alerts()).hasSize(1);
        AnomalyDetected alert = alerts().get(0);
        assertThat(detectors(alert))
                .containsExactlyInAnyOrder("new-source-network", "new-client", "route-outside-profile");
        assertThat(finding(alert, "new-source-network").expected()).isEqualTo("the tenant's known networks");
        assertThat(profile().events).isEqualTo(1);
        assertThat(profile().netCount).isZero(); // not learned: suspicious
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void aPriorYoungerThanPriorMinAgeDoesNotJudgeANewKey() throws Exception {
        // The job has watched the tenant for two hours only: "none of its keys" means little yet.
        usage(TestEvents.thief(KEY, START.plusSeconds(30), 0), u -> {
            u.tenantEvents = 500;
            u.tenantObservedMs = Duration.ofHours(2).toMillis();
        });

        assertThat(alerts()).isEmpty();
        assertThat(profile().pending).isEmpty();
        assertThat(profile().netCount).isEqualTo(1); // nothing suspicious: learned
    }

    @Test
    void aNewKeyBehavingLikeItsTenantsOtherKeysIsNotJudgedAtAll() throws Exception {
        usage(TestEvents.owner(KEY, START, 0), u -> {
            watchedTenant(u);
            u.tenantKnowsNetwork = true;
            u.tenantKnowsUaFamily = true;
            u.tenantKnowsRoute = true;
        });

        assertThat(alerts()).isEmpty();
        assertThat(profile().pending).isEmpty();
        assertThat(profile().netCount).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // no window: only the idle-key expiry
    }

    // --- a foreign place: a block neither the key nor its tenant ever used (decision 0245) ---

    /** A CI key's traffic: a new /24 of its provider's two /16s (both used by its tenant) every other request. */
    void ciTraffic(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            String ip = (i % 2 == 0 ? "20.49." : "40.132.") + (i / 2) + ".5";
            usage(
                    TestEvents.usage(
                            KEY, START.plusSeconds(60L * i), ip, TestEvents.OWNER_UA, "GET", "/v1/orders", 200, null),
                    u -> {
                        watchedTenant(u);
                        u.tenantKnowsNetwork = true; // its tenant's other CI keys use the same pool
                        u.tenantKnowsUaFamily = true;
                        u.tenantKnowsRoute = true;
                        u.tenantKnowsBlock = true;
                    });
        }
    }

    /** The thief: a /16 nobody of the tenant uses, a client family its fleet knows, the key's own route. */
    void ciThief(Instant at, boolean tenantKnowsBlock) throws Exception {
        usage(TestEvents.usage(KEY, at, "195.44.207.28", "python-httpx/0.26.0", "GET", "/v1/orders", 200, null), u -> {
            watchedTenant(u);
            u.tenantKnowsUaFamily = true;
            u.uaAdoptingKeys = 5;
            u.tenantKnowsBlock = tenantKnowsBlock;
        });
    }

    @Test
    void aKeyThatChurnsThroughNetworksIsStillAlertedFromAForeignBlockWithAFleetClient() throws Exception {
        ciTraffic(60);
        assertThat(alerts()).isEmpty(); // its own churn of /24s alerts nobody
        assertThat(profile().newNetRate).isGreaterThan(0.2f); // so a new /24 means nothing by its novelty

        Instant at = START.plus(Duration.ofHours(3));
        ciThief(at, false);

        assertThat(alerts()).hasSize(1);
        AnomalyDetected alert = alerts().get(0);
        assertThat(finding(alert, "new-source-network").score()).isEqualTo(0.8);
        assertThat(finding(alert, "new-client").score()).isEqualTo(0.5); // no fleet discount from a foreign block
        assertThat(profile().blockCount).isEqualTo(2); // not learned: suspicious
        assertThat(harness.numEventTimeTimers()).isEqualTo(2); // the window's timer and the expiry
    }

    @Test
    void theSameRequestFromABlockItsTenantUsesIsTheFleetsChangeAndNotAlerted() throws Exception {
        ciTraffic(60);
        ciThief(START.plus(Duration.ofHours(3)), true);

        assertThat(alerts()).isEmpty();
        assertThat(detectors(profile().pending)).contains("new-client");
        assertThat(Arrays.stream(profile().pending).mapToDouble(f -> f.score).sum())
                .isLessThan(thresholds.alertThreshold);
    }

    @Test
    void aKeyNeverSeenInUseFirstUsedFromAForeignBlockIsDormantAtFullWeight() throws Exception {
        harness.processElement2(new StreamRecord<>(issuedLongAgo()));
        Instant at = START.plus(Duration.ofDays(6));
        Consumer<Usage> fleetClientAndRoutes = u -> {
            watchedTenant(u);
            u.tenantKnowsUaFamily = true;
            u.tenantKnowsRoute = true;
        };
        usage(
                TestEvents.usage(KEY, at, "193.216.205.107", "python-httpx/0.26.0", "GET", "/v1/orders", 200, null),
                fleetClientAndRoutes);

        assertThat(alerts()).hasSize(1);
        AnomalyDetected alert = alerts().get(0);
        assertThat(detectors(alert)).containsExactlyInAnyOrder("dormant-key-active", "new-source-network");
        assertThat(finding(alert, "dormant-key-active").score()).isEqualTo(thresholds.dormantScore);
    }

    @Test
    void aColleaguesLateFirstUseFromTheTenantsOwnBlockIsNotAlerted() throws Exception {
        harness.processElement2(new StreamRecord<>(issuedLongAgo()));
        usage(
                TestEvents.usage(
                        KEY,
                        START.plus(Duration.ofDays(6)),
                        "24.195.47.10",
                        "curl/8.5.0",
                        "GET",
                        "/v1/orders",
                        200,
                        null),
                u -> {
                    watchedTenant(u);
                    u.tenantKnowsUaFamily = true;
                    u.tenantKnowsRoute = true;
                    u.tenantKnowsBlock = true; // the ISP its developers have at home
                });

        assertThat(alerts()).isEmpty();
        assertThat(detectors(profile().pending)).containsExactlyInAnyOrder("dormant-key-active", "new-source-network");
        assertThat(finding(profile().pending, "dormant-key-active"))
                .isEqualTo(0.8 * thresholds.dormantScore * thresholds.ownPlaceFactor);
    }

    @Test
    void aSecondAddressOfANetworkNewWithinTheWindowIsTheSameEvidenceNotMore() throws Exception {
        ownerTraffic(60);
        Instant at = START.plus(Duration.ofHours(2));
        // A region move: the owner's client and routes from a block nobody of the tenant used yet.
        usage(TestEvents.usage(KEY, at, "198.51.100.7", TestEvents.OWNER_UA, "GET", "/v1/orders", 200, null));
        usage(TestEvents.usage(
                KEY, at.plusSeconds(30), "198.51.100.8", TestEvents.OWNER_UA, "GET", "/v1/orders", 200, null));

        assertThat(alerts()).isEmpty(); // 0.8 for the foreign block, and no 0.25 more for its second address
        assertThat(detectors(profile().pending)).containsExactly("new-source-network");
        assertThat(profile().netCount).isEqualTo(2); // below the threshold: learned
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    // --- the tenant's own place (decision 0265) ---

    /** A person's first use of a key issued long ago: a human tool, a route and a network new to the tenant. */
    void firstUseByAPerson(boolean tenantKnowsBlock) throws Exception {
        harness.processElement2(new StreamRecord<>(issuedLongAgo()));
        usage(
                TestEvents.usage(
                        KEY,
                        START.plus(Duration.ofDays(6)),
                        "24.195.47.10",
                        "HTTPie/3.2.2",
                        "GET",
                        "/v1/invoices",
                        200,
                        null),
                u -> {
                    watchedTenant(u);
                    u.tenantKnowsBlock = tenantKnowsBlock; // the ISP the tenant's developers have at home
                });
    }

    @Test
    void aKeyWithoutHistoryFirstUsedByAPersonFromItsTenantsOwnBlockIsNotAlerted() throws Exception {
        firstUseByAPerson(true);

        assertThat(alerts()).isEmpty();
        KeyProfile.Finding[] pending = profile().pending;
        assertThat(detectors(pending))
                .containsExactlyInAnyOrder(
                        "dormant-key-active", "new-source-network", "new-client", "route-outside-profile");
        assertThat(finding(pending, "new-client"))
                .isEqualTo(0.8 * thresholds.newUaFamilyScore * thresholds.ownPlaceFactor);
        assertThat(finding(pending, "dormant-key-active"))
                .isEqualTo(0.8 * thresholds.dormantScore * thresholds.ownPlaceFactor);
        assertThat(Arrays.stream(pending).mapToDouble(f -> f.score).sum()).isLessThan(thresholds.alertThreshold);
    }

    @Test
    void theSameFirstUseFromABlockItsTenantNeverUsedIsAlerted() throws Exception {
        firstUseByAPerson(false);

        assertThat(alerts()).hasSize(1);
        AnomalyDetected alert = alerts().get(0);
        assertThat(finding(alert, "dormant-key-active").score()).isEqualTo(thresholds.dormantScore);
        assertThat(finding(alert, "new-client").score()).isEqualTo(0.8 * thresholds.newUaFamilyScore);
    }

    /** The owner's established key, then a request from a new network with a human tool. */
    void personOnAnEstablishedKey(boolean tenantKnowsBlock) throws Exception {
        ownerTraffic(60);
        usage(
                TestEvents.usage(
                        KEY,
                        START.plus(Duration.ofHours(2)),
                        "73.109.69.5",
                        "curl/8.5.0",
                        "GET",
                        "/v1/orders",
                        200,
                        null),
                u -> u.tenantKnowsBlock = tenantKnowsBlock);
    }

    @Test
    void aNewNetworkInABlockItsTenantUsesWeighsTheTenantBlockFactor() throws Exception {
        personOnAnEstablishedKey(true);

        assertThat(alerts()).isEmpty();
        KeyProfile p = profile();
        assertThat(detectors(p.pending)).containsExactlyInAnyOrder("new-source-network", "new-client");
        assertThat(finding(p.pending, "new-source-network"))
                .isCloseTo(
                        thresholds.newNetworkScore * thresholds.tenantBlockFactor,
                        org.assertj.core.data.Offset.offset(0.05));
        assertThat(p.netCount).isEqualTo(2); // below the threshold: learned
    }

    @Test
    void theSamePersonFromABlockItsTenantNeverUsedIsAlerted() throws Exception {
        personOnAnEstablishedKey(false);

        assertThat(alerts()).hasSize(1);
        assertThat(detectors(alerts().get(0))).containsExactlyInAnyOrder("new-source-network", "new-client");
        assertThat(profile().netCount).isEqualTo(1); // suspicious: not learned
    }

    // --- a key with a partial history, from a foreign block (decision 0266) ---

    @Test
    void aKeyWithAPartialHistoryUsedFromAForeignBlockWithAFleetClientIsAlerted() throws Exception {
        for (int i = 0; i < 10; i++) { // a quarter of learn-events and more: a partial history
            usage(TestEvents.owner(KEY, START.plusSeconds(60L * i), i), u -> {
                watchedTenant(u);
                u.tenantKnowsNetwork = true;
                u.tenantKnowsBlock = true;
                u.tenantKnowsUaFamily = true;
                u.tenantKnowsRoute = true;
            });
        }
        assertThat(profile().pending).isEmpty();

        ciThief(START.plus(Duration.ofHours(1)), false);

        assertThat(alerts()).hasSize(1);
        AnomalyDetected alert = alerts().get(0);
        assertThat(finding(alert, "new-source-network").score()).isEqualTo(thresholds.foreignBlockScore);
        assertThat(finding(alert, "new-client").score()).isEqualTo(thresholds.newUaFamilyScore);
        assertThat(profile().netCount).isEqualTo(1); // suspicious: not learned
    }

    // --- bulk transfer by response size (decision 0267) ---

    /** Twelve requests within one minute, each answered with {@code bytes}. */
    void readsWithinAMinute(Instant at, long bytes) throws Exception {
        for (int i = 0; i < 12; i++) {
            usage(request(at.plusSeconds(4L * i), "10.0.0.1", "/v1/orders", bytes));
        }
    }

    @Test
    void responsesManyTimesTheKeysUsualSizeAreABulkTransferOncePerMinute() throws Exception {
        ownerTraffic(60); // 2,400 bytes a response
        readsWithinAMinute(START.plus(Duration.ofHours(1)), 120_000);

        KeyProfile p = profile();
        assertThat(detectors(p.pending)).containsExactly("bulk-transfer");
        assertThat(p.pending[0].observed).endsWith("over 10 requests this minute"); // once, where it crossed
        assertThat(p.pending[0].score).isEqualTo(0.8);
        assertThat(alerts()).isEmpty(); // alone below the threshold: the rate or the place must add to it
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void aBackfillsLargerPagesAreNoBulkTransfer() throws Exception {
        ownerTraffic(60);
        readsWithinAMinute(START.plus(Duration.ofHours(1)), 6_000); // 2.5 times the usual page

        assertThat(profile().pending).isEmpty();
    }

    // --- the memory of alerted evidence (decision 0269) ---

    @Test
    void supportingFindingsTakeNoSlotInTheMemoryOfAlertedEvidence() throws Exception {
        ownerTraffic(60);
        usage(TestEvents.usage(
                KEY, START.plusSeconds(300), "10.0.0.77", "HTTPie/3.2.2", "DELETE", "/v1/orders/{id}", 200, null));

        assertThat(alerts()).hasSize(1);
        assertThat(detectors(alerts().get(0))).contains("new-source-address", "new-client", "route-outside-profile");
        // the client and the route are remembered; the new address, which never decides a repeat, is not
        assertThat(Arrays.stream(profile().alerted).filter(h -> h != 0).count()).isEqualTo(2);
    }

    /** The key's state record, issued 200 days ago, valid for a year. */
    static CredentialUpdate issuedLongAgo() {
        CredentialUpdate c = credential(CredentialState.ACTIVE, START.minus(Duration.ofDays(200)));
        c.expiresAt = START.plus(Duration.ofDays(165)).toEpochMilli();
        return c;
    }

    static double finding(KeyProfile.Finding[] pending, String detector) {
        return Arrays.stream(pending)
                .filter(f -> f.detector.equals(detector))
                .findFirst()
                .orElseThrow()
                .score;
    }

    // --- the operator: repeats, state expiry, snapshot and restore ---

    @Test
    void anAlertRepeatsOnlyOnNewEvidenceNotOnTheSameFindingsAgainUntilRepeatAfterHasPassed() throws Exception {
        ownerTraffic(60);
        Instant at = START.plusSeconds(200);
        usage(TestEvents.thief(KEY, at, 0));
        usage(TestEvents.thief(KEY, at.plusSeconds(60), 1)); // the same detectors and subjects
        assertThat(alerts()).hasSize(1);
        assertThat(profile().lastAlertTs).isEqualTo(at.toEpochMilli());

        // A burst of refusals: probing is new evidence, so it is alerted.
        for (int i = 0; i < 12; i++) {
            usage(TestEvents.usage(
                    KEY,
                    at.plusSeconds(120 + i),
                    "203.0.113.7",
                    TestEvents.THIEF_UA,
                    "GET",
                    "/v1/admin/export",
                    403,
                    io.watchword.events.v1.RefusalReason.INSUFFICIENT_SCOPE));
        }
        assertThat(alerts()).hasSize(2);
        assertThat(detectors(alerts().get(1))).contains("probing");

        // Past the old five-minute cooldown and the correlation window: the same network, client and
        // route are no news (decision 0188), however long after, within alert.repeat-after.
        long lastAlert = profile().lastAlertTs;
        usage(TestEvents.thief(KEY, Instant.ofEpochMilli(lastAlert).plus(Duration.ofMinutes(15)), 2));
        usage(TestEvents.thief(KEY, Instant.ofEpochMilli(lastAlert).plus(Duration.ofHours(5)), 0));
        assertThat(alerts()).hasSize(2);

        // The same thief from a network not alerted yet is news: a third alert, with a new id.
        Instant other = Instant.ofEpochMilli(lastAlert).plus(Duration.ofHours(6));
        usage(TestEvents.usage(KEY, other, "198.51.100.9", TestEvents.THIEF_UA, "GET", "/v1/admin/export", 200, null));
        assertThat(alerts()).hasSize(3);
        assertThat(finding(alerts().get(2), "new-source-network").observed()).isEqualTo("198.51.100.0/24");
        assertThat(alerts().get(2).eventId()).isNotEqualTo(alerts().get(0).eventId());

        // After alert.repeat-after (P7D) the first findings are news again.
        usage(TestEvents.thief(KEY, at.plus(Duration.ofDays(8)), 0));
        assertThat(alerts()).hasSize(4);
        assertThat(finding(alerts().get(3), "new-source-network").observed()).isEqualTo("203.0.113.0/24");
    }

    @Test
    void theStateOfAKeyIdleLongerThanTheTtlIsDroppedByItsEventTimeTimerAndItStartsAfresh() throws Exception {
        ownerTraffic(60); // all on 2026-11-30
        assertThat(profile().events).isEqualTo(60);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        // The end of the key's last day of use plus state.ttl (30 days), in event time (decision 0194).
        Instant expiry = Instant.parse("2026-12-01T00:00:00Z").plus(Duration.ofDays(30));

        watermark(expiry.minusMillis(1));
        assertThat(profile()).as("within the TTL").isNotNull();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        watermark(expiry);
        assertThat(profile()).as("after the TTL").isNull();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the end of its dormant memory (0277)

        // A thief now meets a key without its profile and without tenant prior, but the key's dormant
        // memory says it was silent 30 days and never worked from this /16 (decision 0277).
        usage(TestEvents.thief(KEY, expiry.plus(Duration.ofHours(10)), 0));
        assertThat(alerts()).hasSize(1);
        assertThat(detectors(alerts().get(0))).contains("dormant-key-active", "new-source-network");
        assertThat(finding(alerts().get(0), "dormant-key-active").observed())
                .isEqualTo("first request after 30 days, from 203.0.113.0/24 (a block it never used)");
        // Then it starts afresh: one event of its own, the memory gone with its timer.
        assertThat(profile().events).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2); // its new expiry, the correlation window's
    }

    @Test
    void aKeyUsedAgainBeforeItsExpiryMovesItsTimerAndKeepsItsState() throws Exception {
        ownerTraffic(60);
        // Ten days later (not yet dormant): the key's last day of use.
        usage(TestEvents.owner(KEY, START.plus(Duration.ofDays(10)), 0));
        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // moved, not added

        watermark(Instant.parse("2026-12-01T00:00:00Z").plus(Duration.ofDays(30)));
        assertThat(profile())
                .as("the first day's expiry has passed, the last day's not")
                .isNotNull();
        assertThat(profile().events).isEqualTo(61);
        watermark(Instant.parse("2026-12-11T00:00:00Z").plus(Duration.ofDays(30)));
        assertThat(profile()).isNull();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // its dormant memory's end (decision 0277)
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "rocksdb"})
    void aSnapshotRestoredIntoAFreshOperatorKeepsTheBaselineThePendingFindingsAndTheirTimer(String backend)
            throws Exception {
        harness.close();
        harness = newHarness(backend(backend), null);
        harness.processElement2(new StreamRecord<>(credential(CredentialState.ACTIVE, START.minusSeconds(60))));
        ownerTraffic(60);
        Instant at = START.plusSeconds(300);
        usage(request(at, "10.0.0.77", "/v1/orders", 2400)); // a weak finding, pending with its timer

        OperatorSubtaskState snapshot = harness.snapshot(1L, at.toEpochMilli());
        harness.close();
        harness = newHarness(backend(backend), snapshot);

        KeyProfile p = profile();
        assertThat(p.events).isEqualTo(61);
        assertThat(p.netCount).isEqualTo(1);
        assertThat(detectors(p.pending)).containsExactly("new-source-address");
        assertThat(harness.numEventTimeTimers()).isEqualTo(2); // the window's, and the idle-key expiry
        // The learned baseline judges the next requests: the owner's network is quiet, a thief is not.
        usage(request(at.plusSeconds(10), "10.0.0.2", "/v1/orders/{id}", 2400));
        assertThat(alerts()).isEmpty();
        usage(TestEvents.thief(KEY, at.plusSeconds(20), 0));
        assertThat(alerts()).hasSize(1);
        // The restored timer still clears the window.
        watermark(at.plusSeconds(20).plusMillis(WINDOW + 1));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the expiry only
        assertThat(profile().pending).isEmpty();
    }

    static StateBackend backend(String name) {
        return name.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }
}
