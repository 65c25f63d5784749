package io.watchword.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchword.deploy.LocalStack;
import io.watchword.deploy.WatchwordApi;
import io.watchword.testsupport.process.JavaProcess;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Receipts (issue 11 §1): several verifier JVMs report to the fleet; keys are revoked one by one,
 * alternately with {@code Prefer: wait=5} and without. For waited revocations: the time from the
 * request to "applied by all" (the answer, and the receipt's {@code slowestMillis}) and the
 * verifications any verifier accepted after the answer (must be 0). For plain ones: the
 * verifications accepted after the 201.
 */
final class ReceiptBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Warm-up revocations per second of {@code --warmup} (a revocation takes ~40-50 ms here). */
    private static final int WARMUP_REVOCATIONS_PER_SECOND = 20;

    private final BenchmarkOptions options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();

    ReceiptBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    void run() throws Exception {
        try (LocalStack stack = LocalStack.start(
                options.home(), BenchSettings.ISSUER, LocalStack.Service.ISSUER, LocalStack.Service.REVOCATION)) {
            WatchwordApi api = stack.api();
            URI issuer = stack.issuerUrl();
            String tenantAdmin = stack.createTenant("receipts", List.of("orders"));
            int n = options.revocations();
            // Revocations through cold code measure the JIT (C2 compiled for minutes in every JVM
            // here): --warmup seconds' worth of revocations go first, through the very same path —
            // the probes watch those keys' tokens too — and are not measured (decision 0276).
            // The warm-up keys come first in the probes' token list: they revoke in list order.
            int warmup = (int) (options.warmup().toSeconds() * WARMUP_REVOCATIONS_PER_SECOND);
            KeySeeder.Seeded seeded = KeySeeder.seed(issuer, tenantAdmin, warmup + n);
            List<String> ids = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < warmup + n; i++) {
                ids.add(seeded.ids().get(i));
                tokens.add(api.postJson(
                                issuer,
                                "/v1/tokens",
                                seeded.keys().get(i),
                                Map.of("audience", "orders-api", "ttl", "PT15M"))
                        .expect(200)
                        .text("access_token"));
            }
            Path work = stack.workDirectory();
            Path tokenFile = Files.write(work.resolve("receipt-tokens.txt"), tokens);
            Path credential = Files.writeString(work.resolve("receipt-credential"), stack.serviceCredential());
            List<JavaProcess> probes = new ArrayList<>();
            try {
                for (int p = 0; p < options.verifiers(); p++) {
                    probes.add(JavaProcess.builder("receipt-verifier-" + p)
                            .classpath(Arrays.stream(System.getProperty("java.class.path")
                                            .split(":"))
                                    .map(Path::of)
                                    .collect(Collectors.toList()))
                            .mainClass(ReceiptProbe.class.getName())
                            .jvmArgs("-Xmx384m", "-XX:+UseParallelGC")
                            .args(
                                    issuer.toString(),
                                    stack.infrastructure().kafkaBootstrapServers(),
                                    credential.toString(),
                                    tokenFile.toString())
                            .logFile(work.resolve("receipt-verifier-" + p + ".log"))
                            .start());
                }
                for (JavaProcess probe : probes) {
                    LockoutBenchmark.awaitLine(probe, "READY", Duration.ofMinutes(3));
                }
                awaitLiveFleet(stack, tenantAdmin, options.verifiers());
                long warmStart = System.nanoTime();
                for (int i = 0; i < warmup; i++) {
                    HttpResponse<String> answer = revoke(stack, tenantAdmin, ids.get(i), i % 2 == 1);
                    if (answer.statusCode() != 201 && answer.statusCode() != 202) {
                        throw new IllegalStateException("warm-up revocation answered " + answer.statusCode());
                    }
                    Thread.sleep(20);
                }
                out.printf(
                        "%d revocations in the warm-up (not measured, %d s)%n",
                        warmup, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - warmStart));
                out.println(options.verifiers() + " verifiers live in the fleet; revoking " + n
                        + " keys one by one, every other one with Prefer: wait=5...");
                long[] answeredAt = new long[n];
                Histogram waited = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
                // Request sent -> the service's appliedByAllAt (one machine, one clock): the lockout
                // itself, without the answer's way back to the caller.
                Histogram sentToApplied = new Histogram(TimeUnit.MINUTES.toMillis(1), 3);
                Histogram receiptSlowest = new Histogram(TimeUnit.MINUTES.toMillis(1), 3);
                // Where the service-side time goes: the revocation's commit -> the relay's
                // acknowledgement (publishedAt) -> the last live verifier heard (appliedByAllAt).
                Histogram toPublished = new Histogram(TimeUnit.MINUTES.toMillis(1), 3);
                Histogram toApplied = new Histogram(TimeUnit.MINUTES.toMillis(1), 3);
                int notSettled = 0;
                for (int i = 0; i < n; i++) {
                    boolean wait = i % 2 == 1;
                    long start = LockoutBenchmark.nowMicros();
                    HttpResponse<String> answer = revoke(stack, tenantAdmin, ids.get(warmup + i), wait);
                    answeredAt[i] = LockoutBenchmark.nowMicros();
                    if (wait) {
                        JsonNode body = JSON.readTree(answer.body());
                        JsonNode receipt = body.path("receipt");
                        if (answer.statusCode() != 201
                                || !"APPLIED_BY_ALL"
                                        .equals(receipt.path("state").asText())) {
                            notSettled++;
                            // Which verifier was still pending, since when: the receipt says it.
                            out.println("  revocation " + i + " answered " + answer.statusCode() + " after "
                                    + (answeredAt[i] - start) / 1000 + " ms: " + receipt);
                        } else {
                            waited.recordValue(Math.max(1, answeredAt[i] - start));
                            receiptSlowest.recordValue(
                                    Math.max(0, receipt.path("slowestMillis").asLong()));
                            JsonNode allAt = receipt.path("appliedByAllAt");
                            if (allAt.isTextual()) {
                                java.time.Instant applied = java.time.Instant.parse(allAt.asText());
                                long appliedMicros =
                                        TimeUnit.SECONDS.toMicros(applied.getEpochSecond()) + applied.getNano() / 1_000;
                                sentToApplied.recordValue(Math.max(0, (appliedMicros - start) / 1_000));
                            }
                            recordBetween(toPublished, body.path("updatedAt"), receipt.path("publishedAt"));
                            recordBetween(toApplied, receipt.path("publishedAt"), receipt.path("appliedByAllAt"));
                        }
                    } else if (answer.statusCode() != 201) {
                        throw new IllegalStateException("revocation answered " + answer.statusCode());
                    }
                    Thread.sleep(20);
                }
                Files.writeString(Path.of(tokenFile + ".stop"), "done");
                long acceptedAfterWaited = 0;
                long acceptedAfterPlain = 0;
                int plainWithAccepts = 0;
                for (JavaProcess probe : probes) {
                    LockoutBenchmark.awaitLine(probe, "DONE", Duration.ofMinutes(2));
                    for (String line : Files.readAllLines(probe.logFile())) {
                        if (!line.startsWith("REFUSED ")) {
                            continue;
                        }
                        String[] parts = line.split(" ");
                        int index = Integer.parseInt(parts[1]) - warmup;
                        if (index < 0) {
                            continue; // a warm-up key
                        }
                        long after = 0;
                        for (int k = 3; k < parts.length; k++) {
                            if (Long.parseLong(parts[k]) > answeredAt[index]) {
                                after++;
                            }
                        }
                        if (index % 2 == 1) {
                            acceptedAfterWaited += after;
                        } else {
                            acceptedAfterPlain += after;
                            plainWithAccepts += after > 0 ? 1 : 0;
                        }
                    }
                }
                out.printf(
                        "request -> applied by all %d verifiers (Prefer: wait=5, %d revocations): p50 %.2f ms"
                                + "  p99 %.2f ms  max %.2f ms; receipt slowestMillis p50 %d  p99 %d  max %d;"
                                + " %d not settled within the wait%n",
                        probes.size(),
                        waited.getTotalCount(),
                        waited.getValueAtPercentile(50) / 1000.0,
                        waited.getValueAtPercentile(99) / 1000.0,
                        waited.getMaxValue() / 1000.0,
                        receiptSlowest.getValueAtPercentile(50),
                        receiptSlowest.getValueAtPercentile(99),
                        receiptSlowest.getMaxValue(),
                        notSettled);
                out.printf(
                        "  request sent -> appliedByAllAt (the service's instant, same clock): p50 %d ms  p99 %d ms  max %d ms%n",
                        sentToApplied.getValueAtPercentile(50),
                        sentToApplied.getValueAtPercentile(99),
                        sentToApplied.getMaxValue());
                out.printf(
                        "  service side: committed -> on the topic (relay acknowledged) p50 %d ms  p99 %d ms  max %d ms;"
                                + " on the topic -> last verifier heard p50 %d ms  p99 %d ms  max %d ms%n",
                        toPublished.getValueAtPercentile(50),
                        toPublished.getValueAtPercentile(99),
                        toPublished.getMaxValue(),
                        toApplied.getValueAtPercentile(50),
                        toApplied.getValueAtPercentile(99),
                        toApplied.getMaxValue());
                out.printf(
                        "verifications accepted after the acknowledgement: %d after waited ones (%d revocations),"
                                + " %d after plain ones (%d revocations; %d (verifier, revocation) pairs with any)%n",
                        acceptedAfterWaited, n / 2, acceptedAfterPlain, n - n / 2, plainWithAccepts);
                out.println("load average " + ProcessCpu.loadAverage());
            } finally {
                probes.forEach(JavaProcess::close);
            }
        }
    }

    /** Milliseconds between two ISO instants of an answer, when both are there. */
    private static void recordBetween(Histogram h, JsonNode from, JsonNode to) {
        if (from.isTextual() && to.isTextual()) {
            long millis = java.time.Duration.between(
                            java.time.Instant.parse(from.asText()), java.time.Instant.parse(to.asText()))
                    .toMillis();
            h.recordValue(Math.max(0, Math.min(millis, h.getHighestTrackableValue())));
        }
    }

    private HttpResponse<String> revoke(LocalStack stack, String admin, String keyId, boolean wait) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        stack.revocationUrl().resolve("/v1/revocations"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("credentialId", keyId, "reason", "COMPROMISED"))));
        if (wait) {
            request.header("Prefer", "wait=5");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitLiveFleet(LocalStack stack, String admin, int verifiers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode fleet = stack.api()
                    .get(stack.revocationUrl(), "/v1/verifiers", admin)
                    .expect(200)
                    .body();
            if (fleet.path("live").asInt() >= verifiers) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the fleet did not show " + verifiers + " live verifiers");
    }
}
