package io.watchword.deploy.bench;

import io.watchword.deploy.LocalStack;
import io.watchword.deploy.WatchwordApi;
import io.watchword.testsupport.process.JavaProcess;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Lockout time: from the moment {@code POST /v1/revocations} returns to the moment each of several
 * verifier instances, each in its own JVM, refuses the credential — over many revocations, with
 * many live credentials and a long revocation history already in the topic.
 */
final class LockoutBenchmark {

    private final BenchmarkOptions options;
    private final PrintStream out;

    LockoutBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    void run() throws Exception {
        try (LocalStack stack = LocalStack.start(
                options.home(), BenchSettings.ISSUER, LocalStack.Service.ISSUER, LocalStack.Service.REVOCATION)) {
            WatchwordApi api = stack.api();
            URI issuer = stack.issuerUrl();
            String tenantAdmin = stack.createTenant("lockout", List.of("orders"));

            out.println("Creating " + options.liveCredentials() + " live API keys...");
            List<String[]> measured = new ArrayList<>();
            KeySeeder.Seeded seeded = KeySeeder.seed(issuer, tenantAdmin, options.liveCredentials());
            for (int i = 0; i < options.revocations(); i++) {
                String key = seeded.keys().get(i);
                String token = api.postJson(issuer, "/v1/tokens", key, Map.of("audience", "orders-api", "ttl", "PT15M"))
                        .expect(200)
                        .text("access_token");
                measured.add(new String[] {seeded.ids().get(i), token});
            }
            out.println("Loading " + options.preloadedRevocations() + " revocations of older credentials...");
            RevocationRecords.preload(stack.infrastructure().kafkaBootstrapServers(), options.preloadedRevocations());

            Path work = stack.workDirectory();
            Path tokens = Files.write(
                    work.resolve("lockout-tokens.txt"),
                    measured.stream().map(m -> m[1]).collect(Collectors.toList()));
            Path credential = Files.writeString(work.resolve("probe-credential"), stack.serviceCredential());
            List<JavaProcess> probes = new ArrayList<>();
            try {
                for (int p = 0; p < options.verifiers(); p++) {
                    probes.add(JavaProcess.builder("verifier-" + p)
                            .classpath(Arrays.stream(System.getProperty("java.class.path")
                                            .split(":"))
                                    .map(Path::of)
                                    .collect(Collectors.toList()))
                            .mainClass(VerifierProbe.class.getName())
                            .jvmArgs("-Xmx512m", "-XX:+UseParallelGC")
                            .args(
                                    issuer.toString(),
                                    stack.infrastructure().kafkaBootstrapServers(),
                                    credential.toString(),
                                    tokens.toString())
                            .logFile(work.resolve("verifier-" + p + ".log"))
                            .start());
                }
                for (JavaProcess probe : probes) {
                    awaitLine(probe, "READY", Duration.ofMinutes(3));
                }
                out.println(options.verifiers() + " verifiers ready; revoking " + options.revocations()
                        + " keys one by one...");

                long[] returnedAtMicros = new long[measured.size()];
                for (int i = 0; i < measured.size(); i++) {
                    revoke(api, stack, tenantAdmin, measured.get(i)[0]);
                    returnedAtMicros[i] = nowMicros();
                    Thread.sleep(20);
                }
                Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
                int early = 0;
                for (JavaProcess probe : probes) {
                    awaitLine(probe, "DONE", Duration.ofMinutes(2));
                    Histogram one = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
                    for (String line : Files.readAllLines(probe.logFile())) {
                        if (line.startsWith("REFUSED ")) {
                            String[] parts = line.split(" ");
                            long lockout = Long.parseLong(parts[2]) - returnedAtMicros[Integer.parseInt(parts[1])];
                            if (lockout < 0) {
                                // Refused before the HTTP answer reached the caller: the event left
                                // the outbox while the response was still on its way.
                                early++;
                                lockout = 0;
                            }
                            one.recordValue(Math.max(1, lockout));
                        }
                    }
                    all.add(one);
                    out.printf(
                            "  %s: p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%d refusals)%n",
                            probe.name(),
                            one.getValueAtPercentile(50) / 1000.0,
                            one.getValueAtPercentile(99) / 1000.0,
                            one.getMaxValue() / 1000.0,
                            one.getTotalCount());
                }
                out.printf(
                        "lockout over %d revocations x %d verifiers: p50 %.2f ms  p99 %.2f ms  max %.2f ms"
                                + " (%d refused before the POST returned; %,d live keys, %,d older revocations)%n",
                        measured.size(),
                        probes.size(),
                        all.getValueAtPercentile(50) / 1000.0,
                        all.getValueAtPercentile(99) / 1000.0,
                        all.getMaxValue() / 1000.0,
                        early,
                        options.liveCredentials(),
                        options.preloadedRevocations());
            } finally {
                probes.forEach(JavaProcess::close);
            }
        }
    }

    /** Revocable at once, however new the key: the revocation service asks the issuer (issue 7). */
    private static void revoke(WatchwordApi api, LocalStack stack, String tenantAdmin, String keyId) {
        api.postJson(
                        stack.revocationUrl(),
                        "/v1/revocations",
                        tenantAdmin,
                        Map.of("credentialId", keyId, "reason", "COMPROMISED"))
                .expect(201);
    }

    /** Waits until a probe prints a line starting with {@code prefix}; fails on "FAILED" or its exit. */
    static void awaitLine(JavaProcess probe, String prefix, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(probe.logFile())) {
                if (line.startsWith(prefix)) {
                    return;
                }
                if (line.startsWith("FAILED")) {
                    throw new IllegalStateException(probe.name() + ": " + line);
                }
            }
            if (!probe.isAlive()) {
                throw new IllegalStateException(probe.name() + " exited:\n" + probe.logTail(30));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                probe.name() + " did not print " + prefix + " in " + timeout + ":\n" + probe.logTail(30));
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1_000;
    }
}
