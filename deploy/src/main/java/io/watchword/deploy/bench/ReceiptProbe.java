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

    /** Accepted verifications remembered per token (a pass every ~1 ms: over a second). */
    private static final int RING = 4_096;

    /** Pending tokens verified on every pass: the next ones the harness revokes. */
    private static final int FRONTIER = 8;

    /** Pause between passes: the timing resolution of "accepted after the answer". */
    private static final long PASS_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The next pending tokens verified once per sweep (a refusal out of order would show there). */
    private static final int SWEEP_WINDOW = 64;

    /** Interval of the sweeps. */
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

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
            // Rings are allocated as tokens come near the front of the queue and dropped on refusal:
            // thousands of warm-up tokens would not fit in the heap otherwise.
            long[][] accepted = new long[tokens.size()][];
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
            long nextSweep = System.nanoTime();
            while (!pending.isEmpty()) {
                // The harness revokes in index order, so the tokens at risk are the first few
                // pending ones: those are verified every pass; the next ones once per sweep. Verifying all of them
                // every pass kept
                // each probe JVM busy half of a core, and four of them starved the broker and
                // the services on two cores (decision 0276).
                boolean sweep = System.nanoTime() - nextSweep >= 0;
                if (sweep) {
                    nextSweep = System.nanoTime() + SWEEP_NANOS;
                }
                int checked = 0;
                for (Iterator<Integer> it = pending.iterator();
                        it.hasNext() && checked < (sweep ? SWEEP_WINDOW : FRONTIER); ) {
                    int index = it.next();
                    checked++;
                    VerificationResult result = client.verifyAuthorization("Bearer " + tokens.get(index));
                    long now = nowMicros();
                    if (result.isAccepted()) {
                        if (accepted[index] == null) {
                            accepted[index] = new long[RING];
                        }
                        accepted[index][count[index]++ % RING] = now;
                    } else if (result.refusal() == Refusal.REVOKED) {
                        StringBuilder line = new StringBuilder("REFUSED ")
                                .append(index)
                                .append(' ')
                                .append(now);
                        int n = accepted[index] == null ? 0 : Math.min(count[index], RING);
                        for (int k = 0; k < n; k++) {
                            long at = accepted[index][(count[index] - 1 - k) % RING];
                            if (now - at > 1_000_000) {
                                break;
                            }
                            line.append(' ').append(at);
                        }
                        System.out.println(line);
                        System.out.flush();
                        accepted[index] = null;
                        it.remove();
                    }
                }
                LockSupport.parkNanos(PASS_NANOS);
            }
            System.out.println("DONE");
            System.out.flush();
            // Stays in the fleet until the harness has its answers: a verifier that leaves right
            // after refusing the last token would turn the last receipt into "no live verifiers".
            Path stop = Path.of(args[3] + ".stop");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!Files.exists(stop) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1_000;
    }
}
