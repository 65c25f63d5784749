package io.watchword.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.DetectorConfig;
import org.junit.jupiter.api.Test;

/** The plain-Java helpers of the detectors that decide what a route or a network is. */
class DetectorsTest {
    final Thresholds thresholds = Thresholds.from(DetectorConfig.defaults());

    @Test
    void aRouteIsSensitiveByAnyOfItsPathSegmentsNotOnlyByItsPrefix() {
        assertThat(Detectors.sensitive("/v1/customers/{id}/payment-methods", thresholds))
                .isTrue();
        assertThat(Detectors.sensitive("/v1/exports/{id}/download", thresholds)).isTrue();
        assertThat(Detectors.sensitive("/v1/customers/export", thresholds)).isTrue();
        assertThat(Detectors.sensitive("/v1/refunds", thresholds)).isTrue();
        assertThat(Detectors.sensitive("/v1/admin/users", thresholds)).isTrue();
        assertThat(Detectors.sensitive("/v1/orders/{id}", thresholds)).isFalse();
        assertThat(Detectors.sensitive("/v1/exportsettings", thresholds)).isFalse(); // whole segments only
        assertThat(Detectors.sensitive(null, thresholds)).isFalse();
    }

    @Test
    void aNetworksBlockIsItsSlash16OrItsIpv6Slash32() {
        assertThat(Detectors.block("100.64.3.0/24")).isEqualTo("100.64");
        assertThat(Detectors.block("2001:db8:1::/48")).isEqualTo("2001:db8");
        assertThat(Detectors.block("unknown")).isEqualTo("unknown");
    }

    @Test
    void anAlertsIdFollowsItsEvidenceNotTheEventThatCrossedTheThresholdOrItsCooldownBucket() {
        long t0 = java.time.Instant.parse("2026-11-10T07:23:05Z").toEpochMilli();
        KeyProfile.Finding net =
                new KeyProfile.Finding("new-source-network", 0.8, "d", "o", "e").about("195.44.207.0/24");
        KeyProfile.Finding ua = new KeyProfile.Finding("new-client", 0.5, "d", "o", "e").about("python-httpx");
        KeyProfile.Finding hours = new KeyProfile.Finding("off-hours", 0.3, "d", "o", "e");
        KeyProfile.Finding[] first = {net, ua};
        KeyProfile.Finding[] again = {ua, hours, net}; // another order, a supporting finding more, 70 min later

        var id = Detectors.alertId("key_a", first, 1, t0, thresholds);
        assertThat(Detectors.alertId("key_a", again, 1, t0 + 70 * 60_000L, thresholds))
                .isEqualTo(id);
        assertThat(Detectors.alertId("key_a", first, 2, t0, thresholds)).isNotEqualTo(id); // more severe: news
        assertThat(Detectors.alertId("key_b", first, 1, t0, thresholds)).isNotEqualTo(id);
        KeyProfile.Finding otherNet =
                new KeyProfile.Finding("new-source-network", 0.8, "d", "o", "e").about("193.216.205.0/24");
        assertThat(Detectors.alertId("key_a", new KeyProfile.Finding[] {otherNet, ua}, 1, t0, thresholds))
                .isNotEqualTo(id);
        // After alert.repeat-after the same evidence is a new alert.
        assertThat(Detectors.alertId("key_a", first, 1, t0 + thresholds.alertRepeatAfterMs, thresholds))
                .isNotEqualTo(id);
    }
}
