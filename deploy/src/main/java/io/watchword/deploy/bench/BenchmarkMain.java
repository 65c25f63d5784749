package io.watchword.deploy.bench;

import io.watchword.deploy.LocalStack;
import java.io.PrintStream;

/**
 * The benchmark harness: {@code mvn -Pbench package} (all suites) or
 * {@code mvn -Pbench package -Dbench.args="--suites issuer --seconds 30"}. Each suite starts its own
 * stack from the packaged services, measures, prints its figures and stops everything it started.
 * docs/benchmarks.md records the figures and what limits them.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    static final String BROKER_JVM_OPTIONS = "watchword.kafka.jvm-options";
    static final String BENCH_BROKER_JVM_OPTIONS = "-Xms512m -Xmx1g -XX:+UseG1GC";

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(LocalStack.home(), args);
        // The embedded broker's default JVM favours a fast start in tests (C1 only, decision
        // 0011); a benchmark measures the broker as it runs in production, with the full JIT.
        if (System.getProperty(BROKER_JVM_OPTIONS) == null) {
            System.setProperty(BROKER_JVM_OPTIONS, BENCH_BROKER_JVM_OPTIONS);
        }
        PrintStream out = System.out;
        out.println("Watchword benchmarks on " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ": " + options
                + ", Kafka broker JVM " + System.getProperty(BROKER_JVM_OPTIONS));
        if (options.suites().contains("issuer")) {
            out.println("\n== issuer-service ==");
            new IssuerBenchmark(options, out).run();
        }
        if (options.suites().contains("verifier")) {
            out.println("\n== client library: verification and bootstrap ==");
            new VerifierBenchmark(options, out).run();
        }
        if (options.suites().contains("lockout")) {
            out.println("\n== lockout time ==");
            new LockoutBenchmark(options, out).run();
        }
        if (options.suites().contains("receipts")) {
            out.println("\n== receipts: applied by every verifier ==");
            new ReceiptBenchmark(options, out).run();
        }
        if (options.suites().contains("leak")) {
            out.println("\n== leak to lockout: evidence and machinery time ==");
            new LeakToLockoutBenchmark(options, out).run();
        }
        if (options.suites().contains("analytics")) {
            out.println("\n== usage-analytics: consumption, ingestion, last used ==");
            new AnalyticsBenchmark(options, out).run();
        }
        if (options.suites().contains("limits")) {
            out.println("\n== limit accuracy across verifier JVMs ==");
            new LimitAccuracyBenchmark(options, out).run();
        }
        if (options.suites().contains("peer")) {
            out.println("\n== side by side with " + options.peer() + " ==");
            new PeerBenchmark(options, out).run();
        }
        System.exit(0);
    }
}
