package io.watchword.deploy.bench;

import io.watchword.deploy.LocalStack;
import io.watchword.deploy.WatchwordApi;
import io.watchword.testsupport.process.JavaProcess;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Fleet-wide limit accuracy (issue 11 §2, decision 0173): {@code --verifiers} (4) verifier JVMs
 * share one key's traffic unevenly — 70/20/5/5, then shifted to 10/20/30/40 — presenting twice the
 * key's limit of {@code N} per minute in total; every full 60-second window of each steady phase
 * (after its first 20 s) must admit between 0.97·N and 1.03·N. Then quota exhaustion: all four
 * hammer a key with a daily quota; the time from the first replica's quota refusal to the last
 * one's, per key (p50/p99/max over {@code quota keys}). N is {@code
 * -Dwatchword.bench.limit-per-minute} (600); each phase lasts {@code --seconds} (at least 90).
 */
final class LimitAccuracyBenchmark {

    private static final double[] STEADY = {0.70, 0.20, 0.05, 0.05};
    private static final double[] SHIFTED = {0.10, 0.20, 0.30, 0.40};
    private static final int QUOTA_KEYS = 5;
    private static final long QUOTA = 1_000;
    /** Windows start this long after a phase begins: the shares need a few reports to follow a shift. */
    private static final int SETTLE_SECONDS = 20;

    private final BenchmarkOptions options;
    private final PrintStream out;

    LimitAccuracyBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    void run() throws Exception {
        int limit = Integer.getInteger("watchword.bench.limit-per-minute", 600);
        int phaseSeconds = (int) Math.max(90, options.duration().toSeconds());
        int verifiers = options.verifiers();
        out.printf(
                "load average at start: %.1f (2-core machine figures are too low when this is high)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (LocalStack stack = LocalStack.start(options.home(), LocalStack.Service.ISSUER)) {
            WatchwordApi api = stack.api();
            URI issuer = stack.issuerUrl();
            String tenantAdmin = stack.createTenant("limits", List.of("orders"));
            List<String> keys = new ArrayList<>();
            // A small burst: the limit is the steady rate, not a minute's worth at once.
            keys.add(createKey(
                    api,
                    issuer,
                    tenantAdmin,
                    Map.of("rateLimit", limit, "per", "minute", "burst", Math.max(1, limit / 60))));
            for (int q = 0; q < QUOTA_KEYS; q++) {
                keys.add(createKey(api, issuer, tenantAdmin, Map.of("quotaPerDay", QUOTA)));
            }
            Path work = stack.workDirectory();
            Path keyFile = Files.write(work.resolve("limit-keys.txt"), keys);
            Path credential = Files.writeString(work.resolve("limit-credential"), stack.serviceCredential());
            List<JavaProcess> probes = new ArrayList<>();
            List<Path> controls = new ArrayList<>();
            try {
                for (int p = 0; p < verifiers; p++) {
                    Path control = work.resolve("limit-control-" + p);
                    Files.writeString(control, "RATE 0");
                    controls.add(control);
                    probes.add(JavaProcess.builder("limit-verifier-" + p)
                            .classpath(Arrays.stream(System.getProperty("java.class.path")
                                            .split(":"))
                                    .map(Path::of)
                                    .collect(Collectors.toList()))
                            .mainClass(LimitProbe.class.getName())
                            .jvmArgs("-Xmx256m", "-XX:+UseParallelGC")
                            .args(
                                    issuer.toString(),
                                    stack.infrastructure().kafkaBootstrapServers(),
                                    credential.toString(),
                                    keyFile.toString(),
                                    control.toString())
                            .logFile(work.resolve("limit-verifier-" + p + ".log"))
                            .start());
                }
                for (JavaProcess probe : probes) {
                    LockoutBenchmark.awaitLine(probe, "READY", Duration.ofMinutes(3));
                }
                double demand = 2.0 * limit / 60; // requests per second presented by the fleet
                out.printf(
                        "%d verifiers; key limit N=%d/min (burst %d), demand %.1f/s (2N); phases of %d s%n",
                        verifiers, limit, Math.max(1, limit / 60), demand, phaseSeconds);
                long steadyStart = System.currentTimeMillis() / 1000 + 1;
                setRates(controls, STEADY, demand);
                Thread.sleep(phaseSeconds * 1000L);
                long shiftStart = System.currentTimeMillis() / 1000 + 1;
                setRates(controls, SHIFTED, demand);
                Thread.sleep(phaseSeconds * 1000L);
                long end = System.currentTimeMillis() / 1000;
                for (Path control : controls) {
                    Files.writeString(control, "RATE 0");
                }
                Thread.sleep(1_500);
                TreeMap<Long, long[]> perSecond = perSecond(probes);
                report("70/20/5/5", perSecond, steadyStart, shiftStart, limit);
                report("shifted to 10/20/30/40", perSecond, shiftStart, end, limit);

                List<Long> spreads = new ArrayList<>();
                for (int q = 0; q < QUOTA_KEYS; q++) {
                    for (Path control : controls) {
                        Files.writeString(control, "QUOTA " + q);
                    }
                    long[] refusedAt = awaitQuotaRefusals(probes, q, Duration.ofSeconds(60));
                    long first = Arrays.stream(refusedAt).min().orElseThrow();
                    long last = Arrays.stream(refusedAt).max().orElseThrow();
                    spreads.add(last - first);
                    // Which replica was late, by how much: a tail has a name.
                    StringBuilder each = new StringBuilder();
                    for (int p = 0; p < refusedAt.length; p++) {
                        each.append(p == 0 ? "" : ", ")
                                .append("verifier-")
                                .append(p)
                                .append(" +")
                                .append((refusedAt[p] - first) / 1_000)
                                .append(" ms");
                    }
                    out.println("  quota key " + q + ": first quota refusal per replica: " + each);
                }
                for (Path control : controls) {
                    Files.writeString(control, "STOP");
                }
                List<Long> sorted = spreads.stream().sorted().toList();
                out.printf(
                        "quota exhaustion (quota %d/day, %d keys, 4×100 req/s): first replica's refusal -> last"
                                + " replica's: p50 %.1f ms  p99 %.1f ms  max %.1f ms (target p99 <= 1000 ms)%n",
                        QUOTA,
                        QUOTA_KEYS,
                        sorted.get(sorted.size() / 2) / 1000.0,
                        sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1000.0,
                        sorted.get(sorted.size() - 1) / 1000.0);
                out.printf(
                        "load average at end: %.1f%n",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            } finally {
                probes.forEach(JavaProcess::close);
            }
        }
    }

    private static String createKey(WatchwordApi api, URI issuer, String admin, Map<String, Object> limits) {
        return api.postJson(
                        issuer,
                        "/v1/keys",
                        admin,
                        Map.of("name", "limit-bench", "scopes", List.of("orders:read"), "ttl", "P1D", "limits", limits))
                .expect(201)
                .text("key");
    }

    private static void setRates(List<Path> controls, double[] shares, double demand) throws Exception {
        for (int p = 0; p < controls.size(); p++) {
            double share = p < shares.length ? shares[p] : 0;
            Files.writeString(controls.get(p), "RATE " + demand * share);
        }
    }

    /** Admitted and refused per epoch second, summed over the verifiers. */
    private static TreeMap<Long, long[]> perSecond(List<JavaProcess> probes) throws Exception {
        TreeMap<Long, long[]> sums = new TreeMap<>();
        for (JavaProcess probe : probes) {
            for (String line : Files.readAllLines(probe.logFile())) {
                if (line.startsWith("SEC ")) {
                    String[] parts = line.split(" ");
                    long[] s = sums.computeIfAbsent(Long.parseLong(parts[1]), k -> new long[2]);
                    s[0] += Long.parseLong(parts[2]);
                    s[1] += Long.parseLong(parts[3]);
                }
            }
        }
        return sums;
    }

    private void report(String phase, TreeMap<Long, long[]> perSecond, long from, long to, int limit) {
        List<Double> ratios = new ArrayList<>();
        for (long start = from + SETTLE_SECONDS; start + 60 <= to; start += 5) {
            long admitted = 0;
            for (long s = start; s < start + 60; s++) {
                long[] v = perSecond.get(s);
                admitted += v == null ? 0 : v[0];
            }
            ratios.add(admitted / (double) limit);
        }
        if (ratios.isEmpty()) {
            out.printf("%s: phase too short for a 60 s window after %d s of settling%n", phase, SETTLE_SECONDS);
            return;
        }
        List<Double> sorted = ratios.stream().sorted().toList();
        long inside = ratios.stream().filter(r -> r >= 0.97 && r <= 1.03).count();
        out.printf(
                "%s: admitted per 60 s window / N over %d windows (every 5 s): min %.3f  median %.3f  max %.3f;"
                        + " %d of %d within [0.97, 1.03]%n",
                phase,
                ratios.size(),
                sorted.get(0),
                sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1),
                inside,
                ratios.size());
    }

    private static long[] awaitQuotaRefusals(List<JavaProcess> probes, int key, Duration timeout) throws Exception {
        long[] at = new long[probes.size()];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int p = 0; p < probes.size(); p++) {
                if (at[p] == 0) {
                    for (String line : Files.readAllLines(probes.get(p).logFile())) {
                        if (line.startsWith("QUOTA_REFUSED " + key + " ")) {
                            at[p] = Long.parseLong(line.split(" ")[2]);
                        }
                    }
                }
                all &= at[p] != 0;
            }
            if (all) {
                return at;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("quota key " + key + " was not refused by every verifier within " + timeout);
    }
}
