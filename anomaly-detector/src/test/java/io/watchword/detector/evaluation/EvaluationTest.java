package io.watchword.detector.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.watchword.detector.scenario.Behaviour;
import io.watchword.detector.scenario.CompromiseType;
import io.watchword.detector.scenario.GroundTruth;
import io.watchword.detector.scenario.LabelKind;
import io.watchword.detector.scenario.LookAlikeType;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.DetectorFinding;
import io.watchword.events.v1.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant T10 = T0.plus(Duration.ofDays(10));

    /**
     * Hand-made case: two leaked keys (one caught after 10 s, one missed), one probed key caught
     * after 40 s with a false alert before its compromise, a probed key caught only after the
     * grace (missed), three benign keys of 10 days (one false alert, sent twice), one look-alike
     * flagged after its change, one alert on an id nobody labelled.
     */
    @Test
    void computesRecallPrecisionFalseAlertRateDelaysAndLookAlikesOnAHandMadeCase() {
        Instant leak1 = T0.plus(Duration.ofDays(5));
        Instant leak2 = T0.plus(Duration.ofDays(6));
        Instant probe = T0.plus(Duration.ofDays(8));
        Instant probeLate = T0.plus(Duration.ofDays(4));
        List<GroundTruth> labels = List.of(
                compromise("key_leak1", CompromiseType.LEAKED_KEY_NEW_NETWORK, leak1, leak1.plusSeconds(600)),
                compromise("key_leak2", CompromiseType.LEAKED_KEY_NEW_NETWORK, leak2, leak2.plusSeconds(600)),
                compromise("key_probe", CompromiseType.SCOPE_PROBING, probe, probe.plusSeconds(300)),
                compromise("key_late", CompromiseType.SCOPE_PROBING, probeLate, probeLate.plusSeconds(60)),
                benign("key_b1"),
                benign("key_b2"),
                benign("key_b3"),
                new GroundTruth(
                        "key_spike",
                        "acme-1",
                        Behaviour.MOBILE_APP,
                        LabelKind.LOOK_ALIKE,
                        LookAlikeType.MARKETING_SPIKE.name(),
                        null,
                        null,
                        T0.plus(Duration.ofDays(3)),
                        T0,
                        T10,
                        List.of()));
        AnomalyDetected falseOnB1 = alert("key_b1", T0.plus(Duration.ofDays(2)), "volume");
        List<AnomalyDetected> alerts = List.of(
                alert("key_leak1", leak1.plusSeconds(10), "new-network"),
                alert("key_leak1", leak1.plusSeconds(70), "new-network"),
                alert("key_probe", probe.minusSeconds(3600), "volume"),
                alert("key_probe", probe.plusSeconds(40), "status-burst"),
                alert("key_late", probeLate.plusSeconds(60).plus(Duration.ofHours(2)), "status-burst"),
                falseOnB1,
                falseOnB1,
                alert("key_spike", T0.plus(Duration.ofDays(3)).plusSeconds(5), "volume"),
                alert("key_nobody", T0.plus(Duration.ofDays(1)), "volume"));

        Evaluation.Report report = Evaluation.evaluate(labels, alerts, Duration.ofHours(1));

        Evaluation.TypeResult leaked = report.types().get(0);
        assertThat(leaked.type()).isEqualTo(CompromiseType.LEAKED_KEY_NEW_NETWORK);
        assertThat(leaked.keys()).isEqualTo(2);
        assertThat(leaked.detected()).isEqualTo(1);
        assertThat(leaked.recall()).isEqualTo(0.5);
        assertThat(leaked.medianDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(leaked.detectors()).isEqualTo(Map.of("new-network", 1));

        Evaluation.TypeResult probing = report.types().get(1);
        assertThat(probing.type()).isEqualTo(CompromiseType.SCOPE_PROBING);
        assertThat(probing.detected()).isEqualTo(1);
        assertThat(probing.recall()).isEqualTo(0.5);
        assertThat(probing.falseAlertsBeforeCompromise()).isEqualTo(1);
        assertThat(probing.medianDelay()).isEqualTo(Duration.ofSeconds(40));
        // A late alert is still an alert on a compromised key: true, though it does not detect in time.
        assertThat(probing.trueAlerts()).isEqualTo(2);

        // False: the probed key's early alert, b1's (once: same id), the look-alike's, the unknown id's.
        assertThat(report.alerts()).isEqualTo(8);
        assertThat(report.falseAlerts()).isEqualTo(4);
        assertThat(report.trueAlerts()).isEqualTo(4);
        assertThat(report.alertsOnUnknownKeys()).isEqualTo(1);
        assertThat(report.falseAlertsOnLookAlikes()).isEqualTo(1);
        assertThat(leaked.precision()).isEqualTo(2 / 6.0);
        assertThat(probing.precision()).isEqualTo(2 / 6.0);
        assertThat(report.precision()).isEqualTo(0.5);

        // Key-days: 3 benign + 1 look-alike × 10 days, plus each compromised key until its compromise.
        assertThat(report.benignKeyDays()).isCloseTo(40 + 5 + 6 + 8 + 4, within(1e-9));
        assertThat(report.falseAlertsPerThousandKeyDays()).isCloseTo(4 * 1000 / 63.0, within(1e-9));

        // Key-days with a false alert: probe's day 7, b1's day 2, the look-alike's day 3.
        assertThat(report.falseAlertKeyDays()).isEqualTo(3);
        assertThat(report.falsePositiveRatePerKeyDay()).isCloseTo(3 / 63.0, within(1e-9));

        assertThat(report.recall()).isEqualTo(0.5);
        assertThat(report.medianDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(report.p90Delay()).isEqualTo(Duration.ofSeconds(40));
        assertThat(report.lookAlikes())
                .containsExactly(new Evaluation.LookAlikeResult(LookAlikeType.MARKETING_SPIKE, 1, 1, 1, 0, 0));
        assertThat(report.behaviours())
                .containsExactly(new Evaluation.BehaviourResult(Behaviour.STEADY_SERVICE, 3, 30.0, 1));

        String md = Evaluation.markdown(report);
        assertThat(md)
                .contains("| LEAKED_KEY_NEW_NETWORK | 2 | 1 | 0.50 | 0.33 | 2 | 0 | 10.0 s | 10.0 s | new-network 1 |")
                .contains("| recall, every compromise type | ≥ 0.95 | 0.50 (lowest type) | no |")
                .contains("| median detection delay | ≤ 30 s | 10.0 s | yes |");
    }

    @Test
    void readsAlertsAndLabelsAsTheBacktestAndTheGeneratorWriteThem(@TempDir Path dir) throws Exception {
        AnomalyDetected alert = alert("key_x", T0, "volume");
        Files.write(dir.resolve("alerts.jsonl"), List.of(new String(EventSerde.serialize(alert)), ""));
        GroundTruth label = benign("key_x");
        Files.write(dir.resolve("labels.jsonl"), List.of(EventSerde.mapper().writeValueAsString(label)));

        assertThat(Evaluation.readAlerts(dir.resolve("alerts.jsonl"))).containsExactly(alert);
        assertThat(Evaluation.readLabels(dir.resolve("labels.jsonl"))).containsExactly(label);
    }

    @Test
    void nearestRankPercentiles() {
        List<Duration> values = new ArrayList<>();
        for (int s = 1; s <= 10; s++) {
            values.add(Duration.ofSeconds(s));
        }
        assertThat(Evaluation.percentile(values, 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Evaluation.percentile(values, 0.9)).isEqualTo(Duration.ofSeconds(9));
        assertThat(Evaluation.percentile(List.of(), 0.5)).isNull();
    }

    private static GroundTruth compromise(String id, CompromiseType type, Instant first, Instant last) {
        return new GroundTruth(
                id,
                "acme-1",
                Behaviour.STEADY_SERVICE,
                LabelKind.COMPROMISE,
                type.name(),
                first,
                last,
                null,
                T0,
                T10,
                List.of());
    }

    private static GroundTruth benign(String id) {
        return new GroundTruth(
                id,
                "acme-1",
                Behaviour.STEADY_SERVICE,
                LabelKind.BENIGN,
                null,
                null,
                null,
                null,
                T0,
                T10,
                List.of("nat-rotation"));
    }

    private static AnomalyDetected alert(String key, Instant at, String detector) {
        DetectorFinding finding = new DetectorFinding(detector, 0.9, "test", "observed", "expected", Map.of());
        return new AnomalyDetected(
                UUID.nameUUIDFromBytes((key + at).getBytes()),
                at,
                "acme-1",
                key,
                detector,
                Severity.HIGH,
                0.9,
                "test",
                at.minusSeconds(60),
                at,
                Map.of(),
                List.of(finding),
                at.minusSeconds(60),
                at,
                List.of(),
                null);
    }
}
