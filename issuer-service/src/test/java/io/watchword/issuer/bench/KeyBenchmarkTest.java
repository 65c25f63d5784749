package io.watchword.issuer.bench;

import static io.restassured.RestAssured.given;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.core.scope.Scope;
import io.watchword.events.v1.CredentialType;
import io.watchword.issuer.api.IssuerTestSupport;
import io.watchword.issuer.credential.CredentialLookup;
import io.watchword.issuer.service.CredentialIssuer;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Rerunnable measurement, not a test: prints figures and asserts nothing. Run with
 * {@code mvn -o -pl issuer-service verify -Dtest=KeyBenchmarkTest -Dwatchword.bench=true
 * [-Dbench.keys=100000] [-Dbench.seconds=10] [-Dbench.threads=2]}.
 */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
@EnabledIfSystemProperty(named = "watchword.bench", matches = "true")
class KeyBenchmarkTest {

    @Inject
    CredentialIssuer issuer;

    @Inject
    CredentialLookup lookup;

    @Test
    void cachedLookupThroughput() throws Exception {
        int keys = Integer.getInteger("bench.keys", 100_000);
        int seconds = Integer.getInteger("bench.seconds", 10);
        int threads = Integer.getInteger("bench.threads", 2);
        var tenant = IssuerTestSupport.newTenant("orders");
        List<String> presented = new ArrayList<>(keys);
        long t0 = System.nanoTime();
        for (int done = 0; done < keys; done += 1000) {
            int batch = Math.min(1000, keys - done);
            presented.addAll(QuarkusTransaction.requiringNew().call(() -> {
                List<String> out = new ArrayList<>(batch);
                Instant now = Instant.now();
                for (int i = 0; i < batch; i++) {
                    out.add(issuer.issue(
                                    new CredentialIssuer.Spec(
                                            tenant.id(),
                                            CredentialType.API_KEY,
                                            "bench",
                                            "live",
                                            List.of(Scope.parse("orders:read")),
                                            List.of(),
                                            Map.of(),
                                            now.plus(Duration.ofDays(1)),
                                            null,
                                            null),
                                    "bench",
                                    now)
                            .key());
                }
                return out;
            }));
        }
        System.out.printf(
                "BENCH stored %d keys in %.1f s (service layer, 1000 per transaction)%n",
                keys, (System.nanoTime() - t0) / 1e9);
        presented.forEach(lookup::findByPresentedKey); // warm the cache

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                long ops = 0;
                long[] samples = new long[1_000_000];
                int n = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    String key = presented.get(random.nextInt(presented.size()));
                    long s = System.nanoTime();
                    lookup.findByPresentedKey(key).orElseThrow();
                    long d = System.nanoTime() - s;
                    if ((ops & 15) == 0 && n < samples.length) {
                        samples[n++] = d;
                    }
                    ops++;
                }
                long[] out = Arrays.copyOf(samples, n + 1);
                out[n] = ops;
                return out;
            }));
        }
        long total = 0;
        List<Long> lat = new ArrayList<>();
        for (Future<long[]> f : results) {
            long[] r = f.get();
            total += r[r.length - 1];
            for (int i = 0; i < r.length - 1; i++) {
                lat.add(r[i]);
            }
        }
        pool.shutdown();
        lat.sort(null);
        System.out.printf(
                "BENCH cached lookups: %d threads, %,.0f lookups/s, p50 %.1f us, p99 %.1f us (%d keys stored)%n",
                threads,
                total / (double) seconds,
                lat.get(lat.size() / 2) / 1e3,
                lat.get((int) (lat.size() * 0.99)) / 1e3,
                keys);
    }

    @Test
    void keyCreationThroughTheApi() throws Exception {
        int keys = Integer.getInteger("bench.create", 3000);
        int threads = Integer.getInteger("bench.clients", 8);
        var tenant = IssuerTestSupport.newTenant("orders");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < keys / threads; i++) {
                    given().auth()
                            .oauth2(tenant.adminKey())
                            .contentType(ContentType.JSON)
                            .body(Map.of("name", "bench", "scopes", List.of("orders:read")))
                            .post("/v1/keys")
                            .then()
                            .statusCode(201);
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "BENCH key creation over HTTP: %d keys, %d clients, %.0f keys/s%n",
                keys / threads * threads, threads, keys / s);
    }
}
