package io.watchword.detector.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.DetectorConfig;
import io.watchword.detector.TestEvents;
import io.watchword.detector.baseline.Thresholds;
import io.watchword.detector.model.AlertOut;
import io.watchword.detector.model.ControlRule;
import io.watchword.detector.model.CredentialUpdate;
import io.watchword.detector.model.Usage;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ApiUsageRecorded;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State written before decision 0241, by Flink's POJO serializers, restores into the compact
 * serializers: the snapshots under {@code src/test/resources/state-migration} were taken at commit
 * 834995c (the last one with POJO state) by running the same operators in Flink's harness — the
 * per-key operator after an owner's 60 requests and a thief's first one (which alerted), the tenant
 * prior after 60 requests of six keys — on heap and on RocksDB. What must survive the upgrade is
 * what the detectors learned: the owner's network stays quiet, a new one is still news, and a
 * tenant's new key is still judged by its tenant's prior.
 */
class PojoStateMigrationTest {
    static final String KEY = "key_pojo_snapshot";
    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "rocksdb"})
    void theKeysBaselineRestoresFromAPojoSnapshot(String backend) throws Exception {
        KeyBehaviourFunction function =
                new KeyBehaviourFunction(Thresholds.from(DetectorConfig.defaults()), Duration.ofDays(30));
        try (var harness = new KeyedTwoInputStreamOperatorTestHarness<String, Usage, CredentialUpdate, AlertOut>(
                new KeyedCoProcessOperator<>(function), u -> u.key, c -> c.key, Types.STRING)) {
            if (backend.equals("rocksdb")) {
                harness.setStateBackend(new EmbeddedRocksDBStateBackend());
            }
            harness.setup();
            harness.initializeState(snapshot("key-behaviour-pojo-" + backend));
            harness.open();

            harness.getOperator().setCurrentKey(KEY);
            assertThat(function.currentProfile().events).isEqualTo(61);
            assertThat(function.currentProfile().routeCount).isGreaterThanOrEqualTo(2);

            usage(harness, TestEvents.owner(KEY, START.plusSeconds(400), 3));
            assertThat(alerts(harness))
                    .as("the owner's usual network after the upgrade")
                    .isEmpty();

            usage(
                    harness,
                    TestEvents.usage(
                            KEY,
                            START.plusSeconds(1200),
                            "198.51.100.9",
                            TestEvents.THIEF_UA,
                            "GET",
                            "/v1/admin/export",
                            200,
                            null));
            List<AnomalyDetected> alerts = alerts(harness);
            assertThat(alerts).hasSize(1);
            // Judged against the restored baseline and alert memory: only the new network is news.
            assertThat(alerts.get(0).findings())
                    .filteredOn(f -> f.detector().equals("new-source-network"))
                    .extracting(f -> f.observed())
                    .containsExactly("198.51.100.0/24");
            harness.getOperator().setCurrentKey(KEY);
            assertThat(function.currentProfile().events).isEqualTo(63);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "rocksdb"})
    void theTenantPriorRestoresFromAPojoSnapshot(String backend) throws Exception {
        try (var harness = new KeyedBroadcastOperatorTestHarness<String, Usage, ControlRule, Usage>(
                new CoBroadcastWithKeyedOperator<>(
                        new TenantPriorFunction(Duration.ofDays(30)), List.of(TenantPriorFunction.CONTROL)),
                Usage::tenantKey,
                Types.STRING,
                1,
                1,
                0)) {
            if (backend.equals("rocksdb")) {
                harness.setStateBackend(new EmbeddedRocksDBStateBackend());
            }
            harness.setup();
            harness.initializeState(snapshot("tenant-prior-pojo-" + backend));
            harness.open();

            harness.processElement(new StreamRecord<>(Usage.of(TestEvents.owner("key_new", START.plusSeconds(70), 1))));
            Usage judged = harness.extractOutputValues().get(0);
            assertThat(judged.tenantEvents).isEqualTo(60);
            assertThat(judged.tenantKnowsNetwork).isTrue();
            assertThat(judged.tenantKnowsUaFamily).isTrue();
        }
    }

    static OperatorSubtaskState snapshot(String name) throws Exception {
        return OperatorSnapshotUtil.readStateHandle(resource("/state-migration/" + name + ".snapshot"));
    }

    static String resource(String path) throws URISyntaxException {
        return Path.of(PojoStateMigrationTest.class.getResource(path).toURI()).toString();
    }

    static void usage(
            KeyedTwoInputStreamOperatorTestHarness<String, Usage, CredentialUpdate, AlertOut> harness,
            ApiUsageRecorded e)
            throws Exception {
        Usage u = Usage.of(e);
        harness.processElement1(new StreamRecord<>(u, u.ts));
    }

    static List<AnomalyDetected> alerts(
            KeyedTwoInputStreamOperatorTestHarness<String, Usage, CredentialUpdate, AlertOut> harness) {
        List<AnomalyDetected> all =
                harness.extractOutputValues().stream().map(AlertOut::event).toList();
        harness.getOutput().clear();
        return all;
    }
}
