package io.watchword.client.bench;

import io.watchword.client.revocation.FeedState;
import io.watchword.client.revocation.RevocationFeed;
import io.watchword.client.revocation.RevocationSet;
import io.watchword.client.verify.CredentialVerifier;
import io.watchword.client.verify.SigningKey;
import io.watchword.client.verify.VerifierOptions;
import io.watchword.core.scope.Scope;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * CPU cost of the verifier on one thread, rerunnable (not a test):
 *
 * <ol>
 *   <li>checks of tokens seen before (cache hit + revocation lookups of jti and sub + scopes), with
 *       1,000,000 revocations loaded, over 1,000 distinct tokens;
 *   <li>first-time checks (Ed25519 signature verification included);
 *   <li>loading 1,000,000 revocation events into the set (parse + insert, no broker).
 * </ol>
 *
 * Run: see client/README.md "Benchmarks".
 */
public final class VerifierBenchmark {

    public static void main(String[] args) {
        int revocations = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        byte[] sk = new byte[Ed25519.SECRET_KEY_SIZE];
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePrivateKey(new SecureRandom(), sk);
        Ed25519.generatePublicKey(sk, 0, pk, 0);
        SigningKey key = SigningKey.of("k1", pk);

        // The first load warms the JIT up; the second is the figure (a real bootstrap runs warm code
        // after a few thousand records too).
        load(new RevocationSet(), revocations);
        RevocationSet set = new RevocationSet();
        long loadNanos = load(set, revocations);
        System.out.printf(
                "load %,d revocation events (parse + insert): %,d ms (%,.0f events/s), set size %,d%n",
                revocations, loadNanos / 1_000_000, revocations * 1e9 / loadNanos, set.size());

        FeedState feed = new FeedState() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public long lastContactMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public long lagRecords() {
                return 0;
            }
        };
        List<Scope> required = List.of(Scope.parse("orders:read"));
        String[] tokens = new String[1000];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = token(sk, "key_" + i, "tok_" + UUID.randomUUID());
        }
        CredentialVerifier verifier = verifier(key, set, feed);

        // First-time checks: signature verification dominates. A throwaway verifier warms it up.
        for (int i = 0; i < 2000; i++) {
            verifier(key, set, feed).verify(tokens[i % tokens.length], required);
        }
        long start = System.nanoTime();
        for (String token : tokens) {
            if (!verifier.verify(token, required).isAccepted()) {
                throw new IllegalStateException("refused");
            }
        }
        long firstNanos = System.nanoTime() - start;
        System.out.printf(
                "first-time checks (signature verified): %,.0f checks/s (%,.1f us each)%n",
                tokens.length * 1e9 / firstNanos, firstNanos / 1e3 / tokens.length);

        // Cached checks, warm up then measure.
        for (int round = 0; round < 3; round++) {
            int n = 5_000_000;
            start = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < n; i++) {
                if (verifier.verify(tokens[i % tokens.length], required).isAccepted()) {
                    accepted++;
                }
            }
            long nanos = System.nanoTime() - start;
            System.out.printf(
                    "cached checks, round %d: %,.0f checks/s on one thread (%d accepted)%n",
                    round + 1, n * 1e9 / nanos, accepted);
        }
    }

    private static CredentialVerifier verifier(SigningKey key, RevocationSet set, FeedState feed) {
        return new CredentialVerifier(
                kid -> kid.equals("k1") ? key : null,
                apiKey -> {
                    throw new IllegalStateException();
                },
                set,
                feed,
                VerifierOptions.defaults().withAudience("orders").withCacheSizes(10_000, 10));
    }

    private static long load(RevocationSet set, int count) {
        byte[][] events = new byte[count][];
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
            events[i] = EventSerde.serialize(new CredentialRevocationChanged(
                    UUID.randomUUID(),
                    Instant.now(),
                    "ten_bench",
                    keys[i],
                    CredentialType.API_KEY,
                    null,
                    RevocationStatus.REVOKED,
                    RevocationReason.values()[0],
                    "adm_bench",
                    null,
                    Instant.now().plusSeconds(86_400)));
        }
        RevocationFeed feed = new RevocationFeed(
                java.util.Map.of("bootstrap.servers", "127.0.0.1:1"),
                "bench",
                set,
                java.time.Clock.systemUTC(),
                java.time.Duration.ofSeconds(1),
                id -> {});
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            feed.apply(new org.apache.kafka.clients.consumer.ConsumerRecord<>(
                    "watchword.revocations.v1", 0, i, keys[i].getBytes(StandardCharsets.UTF_8), events[i]));
        }
        return System.nanoTime() - start;
    }

    private static String token(byte[] sk, String sub, String jti) {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":\"at+jwt\"}");
        String claims = b64("{\"iss\":\"urn:watchword:issuer\",\"sub\":\"" + sub + "\",\"tenant\":\"ten_bench\","
                + "\"scope\":\"orders:read orders:write\",\"aud\":\"orders\",\"iat\":" + now + ",\"nbf\":" + now
                + ",\"exp\":" + (now + 600) + ",\"jti\":\"" + jti + "\"}");
        byte[] input = (header + "." + claims).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(sk, 0, input, 0, input.length, signature, 0);
        return header + "." + claims + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
