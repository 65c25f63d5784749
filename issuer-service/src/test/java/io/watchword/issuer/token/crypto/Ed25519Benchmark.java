package io.watchword.issuer.token.crypto;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;

/**
 * A rerunnable, JMH-free microbenchmark of Ed25519 sign and verify per operation: BouncyCastle's
 * low-level rfc8032 code (what the issuer uses) against the JDK provider. Single-threaded; the
 * first rounds warm the JIT and are discarded.
 *
 * <p>Run: {@code mvn -o -q -pl issuer-service test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt && java -cp
 * issuer-service/target/test-classes:issuer-service/target/classes:$(cat issuer-service/target/cp.txt)
 * io.watchword.issuer.token.crypto.Ed25519Benchmark}
 */
public final class Ed25519Benchmark {

    private static final int WARMUP_ROUNDS = 3;
    private static final int ROUNDS = 5;

    private Ed25519Benchmark() {}

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        byte[] message = ("eyJhbGciOiJFZERTQSIsImtpZCI6InNrXzEiLCJ0eXAiOiJhdCtqd3QifQ."
                        + "eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoia2V5X2FiYyJ9")
                .getBytes(StandardCharsets.US_ASCII);

        Ed25519Signer signer = Ed25519Signer.generate(new SecureRandom());
        Ed25519Verifier verifier = signer.verifier();
        byte[] signature = signer.sign(message);
        report("BouncyCastle rfc8032 sign  ", ops, () -> signer.sign(message));
        report("BouncyCastle rfc8032 verify", ops, () -> {
            if (!verifier.verify(signature, message)) throw new IllegalStateException();
        });

        KeyPair jdkPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature jdkSigner = Signature.getInstance("Ed25519");
        jdkSigner.initSign(jdkPair.getPrivate());
        jdkSigner.update(message);
        byte[] jdkSignature = jdkSigner.sign();
        int jdkOps = Math.max(200, ops / 20);
        report("JDK SunEC sign             ", jdkOps, () -> {
            jdkSigner.initSign(jdkPair.getPrivate());
            jdkSigner.update(message);
            jdkSigner.sign();
        });
        Signature jdkVerifier = Signature.getInstance("Ed25519");
        report("JDK SunEC verify           ", jdkOps, () -> {
            jdkVerifier.initVerify(jdkPair.getPublic());
            jdkVerifier.update(message);
            if (!jdkVerifier.verify(jdkSignature)) throw new IllegalStateException();
        });
    }

    private static void report(String name, int ops, Op op) throws Exception {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                op.run();
            }
            double microsPerOp = (System.nanoTime() - start) / 1_000.0 / ops;
            if (round >= WARMUP_ROUNDS) {
                best = Math.min(best, microsPerOp);
            }
        }
        System.out.printf(
                "%s  %8.1f µs/op  (%,.0f ops/s on one core, best of %d rounds of %d)%n",
                name, best, 1_000_000 / best, ROUNDS, ops);
    }

    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }
}
