package io.watchword.issuer.token.service;

import static io.watchword.issuer.token.service.TokenTestFixtures.apiKey;

import io.watchword.issuer.token.port.AdminCaller;
import io.watchword.issuer.token.revocation.RevocationRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * In-process throughput of the token services without HTTP, database or audit: what one exchange
 * (claims, Ed25519 sign, JSON) and one token introspection (parse, Ed25519 verify, checks) cost in
 * CPU. The HTTP figures are measured by the deploy module's harness; this one isolates the
 * crypto and JSON work the token package owns.
 *
 * <p>Run (after {@code test-compile} and {@code dependency:build-classpath}, see
 * Ed25519Benchmark): {@code java -cp … io.watchword.issuer.token.service.TokenServicesBenchmark
 * [threads] [seconds]}
 */
public final class TokenServicesBenchmark {

    private TokenServicesBenchmark() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        TokenTestFixtures.Credentials credentials = new TokenTestFixtures.Credentials();
        credentials.keys.put("ww_live_bench", apiKey("key_1", "acme", "orders:write", "invoices:read"));
        TokenTestFixtures.Keys keys = new TokenTestFixtures.Keys();
        RevocationRegistry revocations = new RevocationRegistry();
        TokenExchangeService exchange = new TokenExchangeService(
                credentials,
                keys,
                revocations,
                TokenTestFixtures.DISCARDING_AUDIT,
                TokenTestFixtures.config(),
                Clock.systemUTC());
        IntrospectionService introspection =
                new IntrospectionService(credentials, keys, revocations, TokenTestFixtures.config(), Clock.systemUTC());
        TokenExchangeService.Caller caller = new TokenExchangeService.Caller("ww_live_bench", "127.0.0.1", "bench");
        AdminCaller admin = new AdminCaller("adm_1", "acme", false);
        String token = exchange.exchange(caller, TokenRequest.EMPTY).accessToken();

        for (int round = 0; round < 2; round++) {
            String label = round == 0 ? " (warm-up)" : "";
            run("token exchange" + label, threads, seconds, () -> exchange.exchange(caller, TokenRequest.EMPTY));
            run("token introspection" + label, threads, seconds, () -> {
                if (introspection.introspect(admin, token, "access_token").get("active") != Boolean.TRUE) {
                    throw new IllegalStateException("inactive");
                }
            });
        }
    }

    private static void run(String name, int threads, int seconds, Runnable op) throws Exception {
        LongAdder count = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                while (!stop.get()) {
                    op.run();
                    count.increment();
                }
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        System.out.printf(
                "%-32s %,10.0f ops/s  (%d threads, %d s)%n", name, count.sum() / (double) seconds, threads, seconds);
    }
}
