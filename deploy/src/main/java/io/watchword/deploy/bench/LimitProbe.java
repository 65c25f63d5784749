package io.watchword.deploy.bench;

import io.watchword.client.WatchwordClient;
import io.watchword.client.verify.Refusal;
import io.watchword.client.verify.VerificationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One verifier of the limit-accuracy benchmark, in its own JVM, as an embedding service would run
 * the client library (rate limits on, rate-usage reports every 200 ms). It presents requests for
 * the rate-limited key at the pace the harness writes into its control file ({@code RATE <per
 * second>}), and prints {@code SEC <epoch second> <admitted> <refused>} each second; on {@code
 * QUOTA <index>} it presents requests for quota key {@code index} at 100/s and prints {@code
 * QUOTA_REFUSED <index> <epoch µs>} at its first quota refusal.
 *
 * <p>Arguments: issuer URL, Kafka bootstrap servers, introspection credential file, keys file (line
 * 1 the rate-limited key, then the quota keys), control file.
 */
public final class LimitProbe {

    private LimitProbe() {}

    public static void main(String[] args) throws Exception {
        List<String> keys = Files.readAllLines(Path.of(args[3]));
        Path control = Path.of(args[4]);
        try (WatchwordClient client = WatchwordClient.builder()
                .issuerUrl(args[0])
                .kafkaBootstrapServers(args[1])
                .introspectionCredential(Files.readString(Path.of(args[2])).trim())
                .serviceName("limit-probe")
                .usageEnabled(false)
                .build()) {
            if (!client.start(Duration.ofSeconds(120))) {
                System.out.println("FAILED bootstrap");
                return;
            }
            for (String key : keys) {
                VerificationResult first = client.verifyAuthorization("Bearer " + key);
                if (!first.isAccepted()) {
                    System.out.println("FAILED key refused before the run: " + first.refusal());
                    return;
                }
            }
            System.out.println("READY " + client.instanceId());
            System.out.flush();
            double rate = 0;
            int quotaKey = -1;
            boolean quotaSeen = false;
            long second = System.currentTimeMillis() / 1000;
            long admitted = 0;
            long refused = 0;
            long nextAt = System.nanoTime();
            long nextControl = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= nextControl) {
                    nextControl = now + TimeUnit.MILLISECONDS.toNanos(100);
                    String command =
                            Files.exists(control) ? Files.readString(control).trim() : "";
                    if (command.equals("STOP")) {
                        break;
                    } else if (command.startsWith("RATE ")) {
                        rate = Double.parseDouble(command.substring(5));
                        quotaKey = -1;
                    } else if (command.startsWith("QUOTA ")) {
                        int index = Integer.parseInt(command.substring(6));
                        if (index != quotaKey) {
                            quotaKey = index;
                            quotaSeen = false;
                        }
                        rate = 100;
                    }
                }
                long sec = System.currentTimeMillis() / 1000;
                if (sec != second) {
                    if (quotaKey < 0) {
                        System.out.println("SEC " + second + " " + admitted + " " + refused);
                    }
                    second = sec;
                    admitted = 0;
                    refused = 0;
                }
                if (rate <= 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    nextAt = System.nanoTime();
                    continue;
                }
                if (now < nextAt) {
                    LockSupport.parkNanos(Math.min(nextAt - now, TimeUnit.MILLISECONDS.toNanos(10)));
                    continue;
                }
                // Open loop: requests are presented at the set pace whatever was answered.
                nextAt += (long) (1e9 / rate);
                if (nextAt < now - TimeUnit.SECONDS.toNanos(1)) {
                    nextAt = now; // fell far behind (a GC or a loaded machine): do not burst to catch up
                }
                if (quotaKey >= 0) {
                    VerificationResult r = client.verifyAuthorization("Bearer " + keys.get(1 + quotaKey));
                    if (!quotaSeen && r.refusal() == Refusal.QUOTA_EXCEEDED) {
                        quotaSeen = true;
                        System.out.println("QUOTA_REFUSED " + quotaKey + " " + LockoutBenchmark.nowMicros());
                    }
                    continue;
                }
                VerificationResult r = client.verifyAuthorization("Bearer " + keys.get(0));
                if (r.isAccepted()) {
                    admitted++;
                } else {
                    refused++;
                }
            }
            System.out.println("DONE");
        }
    }
}
