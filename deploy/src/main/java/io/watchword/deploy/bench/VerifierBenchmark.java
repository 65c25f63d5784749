package io.watchword.deploy.bench;

import io.watchword.client.WatchwordClient;
import io.watchword.client.verify.VerificationResult;
import io.watchword.deploy.LocalStack;
import io.watchword.deploy.WatchwordApi;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The client library's verification rates on one thread (one core), with a realistic revocation
 * set loaded, and a new verifier's bootstrap time over a large compacted revocations topic.
 */
final class VerifierBenchmark {

    private final BenchmarkOptions options;
    private final PrintStream out;

    VerifierBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    void run() throws Exception {
        try (LocalStack stack = LocalStack.start(options.home(), BenchSettings.ISSUER, LocalStack.Service.ISSUER)) {
            WatchwordApi api = stack.api();
            URI issuer = stack.issuerUrl();
            String tenantAdmin = stack.createTenant("verify", List.of("orders"));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                keys.add(api.postJson(
                                issuer,
                                "/v1/keys",
                                tenantAdmin,
                                Map.of("name", "verify-" + i, "scopes", List.of("orders:read"), "ttl", "P1D"))
                        .expect(201)
                        .text("key"));
            }
            int freshTokens = 20_000;
            out.println("Issuing " + freshTokens + " tokens for the first-time verification run...");
            List<String> tokens = new ArrayList<>(freshTokens);
            for (int i = 0; i < freshTokens; i++) {
                tokens.add(api.postJson(
                                issuer,
                                "/v1/tokens",
                                keys.get(i % keys.size()),
                                Map.of("audience", "orders-api", "ttl", "PT15M"))
                        .expect(200)
                        .text("access_token"));
            }
            out.println("Loading " + options.preloadedRevocations() + " revocations into the topic...");
            RevocationRecords.preload(stack.infrastructure().kafkaBootstrapServers(), options.preloadedRevocations());

            try (WatchwordClient client = client(stack)) {
                if (!client.start(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("the verifier did not bootstrap");
                }
                // First-time tokens: every check verifies an Ed25519 signature.
                long start = System.nanoTime();
                for (String token : tokens) {
                    expectAccepted(client.verifyAuthorization("Bearer " + token, "orders:read"));
                }
                double firstTime = tokens.size() / ((System.nanoTime() - start) / 1e9);
                out.printf(
                        "verify first-time token      %,12.0f checks/s (one thread; Ed25519 signature each)%n",
                        firstTime);

                List<String> hot = tokens.subList(0, 1_000);
                double seen = loop(client, hot, 5_000_000, "Bearer ");
                out.printf(
                        "verify token already seen    %,12.0f checks/s (one thread; revocation check included, %,d revocations loaded)%n",
                        seen, options.preloadedRevocations());

                for (String key : keys) {
                    expectAccepted(client.verifyAuthorization("Bearer " + key, "orders:read"));
                }
                double apiKeys = loop(client, keys, 2_000_000, "Bearer ");
                out.printf(
                        "verify API key (cached)      %,12.0f checks/s (one thread; checksum + cache + revocation check)%n",
                        apiKeys);
            }

            int extra = options.bootstrapRevocations() - options.preloadedRevocations();
            out.println("Loading the revocations topic to " + options.bootstrapRevocations() + " records...");
            RevocationRecords.preload(stack.infrastructure().kafkaBootstrapServers(), Math.max(0, extra));
            System.gc();
            long heapBefore = usedHeap();
            try (WatchwordClient fresh = client(stack)) {
                long begin = System.nanoTime();
                boolean ready = fresh.start(Duration.ofSeconds(120));
                double seconds = (System.nanoTime() - begin) / 1e9;
                System.gc();
                long heapAfter = usedHeap();
                out.printf(
                        "bootstrap %,d revocations     %s in %.2f s, verifier heap +%,d MB (%,d revoked credentials in memory)%n",
                        options.bootstrapRevocations(),
                        ready ? "ready" : "NOT ready",
                        seconds,
                        (heapAfter - heapBefore) / (1024 * 1024),
                        fresh.health().revokedCredentials());
            }
        }
    }

    private static WatchwordClient client(LocalStack stack) {
        return WatchwordClient.builder()
                .issuerUrl(stack.issuerUrl().toString())
                .kafkaBootstrapServers(stack.infrastructure().kafkaBootstrapServers())
                .audience("orders-api")
                .introspectionCredential(stack.serviceCredential())
                .serviceName("benchmark")
                .usageEnabled(false)
                .build();
    }

    private static double loop(WatchwordClient client, List<String> credentials, int checks, String prefix) {
        String[] headers = credentials.stream().map(c -> prefix + c).toArray(String[]::new);
        // Warm-up so the JIT has compiled the path before it is timed.
        for (int i = 0; i < checks / 5; i++) {
            client.verifyAuthorization(headers[i % headers.length], "orders:read");
        }
        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < checks; i++) {
            if (client.verifyAuthorization(headers[i % headers.length], "orders:read")
                    .isAccepted()) {
                accepted++;
            }
        }
        double rate = checks / ((System.nanoTime() - start) / 1e9);
        if (accepted != checks) {
            throw new IllegalStateException((checks - accepted) + " checks were refused");
        }
        return rate;
    }

    private static void expectAccepted(VerificationResult result) {
        if (!result.isAccepted()) {
            throw new IllegalStateException("refused: " + result);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
