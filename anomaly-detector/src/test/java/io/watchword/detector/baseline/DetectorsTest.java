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
}
