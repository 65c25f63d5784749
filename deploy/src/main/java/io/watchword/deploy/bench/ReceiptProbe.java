package io.watchword.deploy.bench;

import io.watchword.client.WatchwordClient;
import io.watchword.client.verify.Refusal;
import io.watchword.client.verify.VerificationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One verifier of the receipts benchmark, in its own JVM, reporting to the fleet like any
 * embedding service: it keeps verifying its tokens and, when it first refuses one as revoked,
 * prints {@code REFUSED <index> <epoch µs> <accepted µs>...} with the instants of the accepted
 * verifications of the last second, so the harness can count those after the acknowledgement.
 *
 * <p>Arguments: issuer URL, Kafka bootstrap servers, introspection credential file, tokens file.
 */
public final class ReceiptProbe {

    /** Accepted verifications remembered per token (a pass takes ~0.2 ms: over half a second). */
    private static final int RING = 4_096;

    private ReceiptProbe() {}

    public static void main(String[] args) throws Exception {
        List<String> tokens = Files.readAllLines(Path.of(args[3]));
        try (WatchwordClient client = WatchwordClient.builder()
                .issuerUrl(args[0])
                .kafkaBootstrapServers(args[1])
                .introspectionCredential(Files.readString(Path.of(args[2])).trim())
                .audience("orders-api")
                .serviceName("receipt-probe")
                .usageEnabled(false)
                .build()) {
            if (!client.start(Duration.ofSeconds(120))) {
                System.out.println("FAILED bootstrap");
                return;
            }
            long[][] accepted = new long[tokens.size()][RING];
            int[] count = new int[tokens.size()];
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                if (!client.verifyAuthorization("Bearer " + tokens.get(i)).isAccepted()) {
                    System.out.println("FAILED token " + i + " refused before any revocation");
                    return;
                }
                pending.add(i);
            }
            System.out.println("READY " + client.instanceId());
            System.out.flush();
            while (!pending.isEmpty()) {
                for (Iterator<Integer> it = pending.iterator(); it.hasNext(); ) {
                    int index = it.next();
                    VerificationResult result = client.verifyAuthorization("Bearer " + tokens.get(index));
                    long now = nowMicros();
                    if (result.isAccepted()) {
                        accepted[index][count[index]++ % RING] = now;
                    } else if (result.refusal() == Refusal.REVOKED) {
                        StringBuilder line = new StringBuilder("REFUSED ")
                                .append(index)
                                .append(' ')
                                .append(now);
                        int n = Math.min(count[index], RING);
                        for (int k = 0; k < n; k++) {
                            long at = accepted[index][(count[index] - 1 - k) % RING];
                            if (now - at > 1_000_000) {
                                break;
                            }
                            line.append(' ').append(at);
                        }
                        System.out.println(line);
                        it.remove();
                    }
                }
                System.out.flush();
                // Leaves the CPU to the broker and the services (timing resolution ~0.2 ms).
                LockSupport.parkNanos(200_000);
            }
            System.out.println("DONE");
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1_000;
    }
}
