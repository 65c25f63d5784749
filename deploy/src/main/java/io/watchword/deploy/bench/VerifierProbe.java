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
 * One verifier instance of the lockout benchmark, in its own JVM: it embeds the client library
 * exactly as a microservice would, then keeps verifying the tokens it was given and prints, for
 * each, the wall-clock instant it first refused it as revoked ({@code REFUSED <index> <epoch µs>}).
 *
 * <p>Arguments: issuer URL, Kafka bootstrap servers, introspection credential file, tokens file
 * (one per line).
 */
public final class VerifierProbe {

    private VerifierProbe() {}

    public static void main(String[] args) throws Exception {
        List<String> tokens = Files.readAllLines(Path.of(args[3]));
        try (WatchwordClient client = WatchwordClient.builder()
                .issuerUrl(args[0])
                .kafkaBootstrapServers(args[1])
                .introspectionCredential(Files.readString(Path.of(args[2])).trim())
                .audience("orders-api")
                .serviceName("lockout-probe")
                .usageEnabled(false)
                .build()) {
            if (!client.start(Duration.ofSeconds(120))) {
                System.out.println("FAILED bootstrap");
                return;
            }
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                VerificationResult first = client.verifyAuthorization("Bearer " + tokens.get(i));
                if (!first.isAccepted()) {
                    System.out.println("FAILED token " + i + " refused before any revocation: " + first);
                    return;
                }
                pending.add(i);
            }
            System.out.println("READY " + client.health().revokedCredentials());
            System.out.flush();
            while (!pending.isEmpty()) {
                for (Iterator<Integer> it = pending.iterator(); it.hasNext(); ) {
                    int index = it.next();
                    VerificationResult result = client.verifyAuthorization("Bearer " + tokens.get(index));
                    if (!result.isAccepted() && result.refusal() == Refusal.REVOKED) {
                        Instant now = Instant.now();
                        System.out.println("REFUSED " + index + " "
                                + (TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1_000));
                        it.remove();
                    }
                }
                System.out.flush();
                // A pass over the pending tokens costs microseconds; pausing keeps four probes from
                // taking the CPU the broker and the services need (timing resolution ~0.2 ms).
                LockSupport.parkNanos(200_000);
            }
            System.out.println("DONE");
        }
    }
}
