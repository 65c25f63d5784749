package io.watchword.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The parts of the Keycloak peer mode that need no Keycloak: reading CPU time from {@code /proc},
 * the options, and the ratios the report prints. The peer run itself is a benchmark, never part of
 * {@code mvn verify}.
 */
class PeerModeTest {

    @Test
    void cpuTicksAreReadPastACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 40 0 99 0 0";
        assertThat(ProcessCpu.parseTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void cpuOfThisProcessTreeGrowsWhileItWorks() {
        ProcessCpu self = ProcessCpu.of(ProcessHandle.current().pid());
        long before = self.getAsLong();
        // Spin until this thread alone has used 100 ms of CPU (however busy the machine is).
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 100_000_000L;
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            sink += Long.numberOfTrailingZeros(System.nanoTime());
        }
        assertThat(sink).isPositive();
        // One clock tick (10 ms) of slack for where the kernel's accounting rounds.
        assertThat(self.getAsLong()).isGreaterThanOrEqualTo(before + 90_000_000L);
    }

    @Test
    void peerOptionAddsThePeerSuiteAndItsConnections() {
        BenchmarkOptions options = BenchmarkOptions.parse(
                Path.of("/repo"), new String[] {"--peer", "keycloak", "--peer-connections", "4,16"});
        assertThat(options.suites()).contains("peer", "issuer");
        assertThat(options.peerConnections()).containsExactly(4, 16);
        assertThat(options.keycloakDistribution())
                .isEqualTo(Path.of("/repo/deploy/target/keycloak/keycloak-" + BenchmarkOptions.KEYCLOAK_VERSION));

        BenchmarkOptions only = BenchmarkOptions.parse(Path.of("/repo"), new String[] {"--suites", "peer"});
        assertThat(only.suites()).isEqualTo(Set.of("peer"));
        assertThatThrownBy(() -> BenchmarkOptions.parse(Path.of("/repo"), new String[] {"--peer-connections", "x"}))
                .isInstanceOf(NumberFormatException.class);
    }

    @Test
    void ratiosCompareThroughputAndCpuPerRequest() {
        HttpLoad.Result ours = result(20_000, Map.of(PeerBenchmark.ISSUER, 2_000_000_000L));
        HttpLoad.Result theirs = result(2_000, Map.of(PeerBenchmark.KEYCLOAK, 4_000_000_000L));
        PeerBenchmark.Pair pair = new PeerBenchmark.Pair("token issuance", 16, ours, theirs);

        assertThat(ours.cpuMicrosPerRequest(PeerBenchmark.ISSUER)).isEqualTo(100.0);
        assertThat(theirs.cpuMicrosPerRequest(PeerBenchmark.KEYCLOAK)).isEqualTo(2_000.0);
        assertThat(pair.throughputRatio()).isEqualTo(10.0);
        assertThat(pair.cpuEfficiency(PeerBenchmark.ISSUER)).isEqualTo(20.0);
        assertThat(ours.cpuMicrosPerRequest("absent")).isNaN();
    }

    private static HttpLoad.Result result(long ok, Map<String, Long> cpu) {
        Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        return new HttpLoad.Result("x", 16, ok, 0, 10.0, latency, cpu, "1.00 1.00 1.00");
    }
}
