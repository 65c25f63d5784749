package io.watchword.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.watchword.deploy.LocalStack;
import io.watchword.deploy.WatchwordApi;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issuer's three figures: key creation, token exchange and API-key introspection with
 * {@code storedKeys} keys in the database, each measured over HTTP against the packaged issuer
 * with the load generator on the same machine.
 */
final class IssuerBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchmarkOptions options;
    private final PrintStream out;

    IssuerBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    List<HttpLoad.Result> run() throws Exception {
        List<HttpLoad.Result> results = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(options.home(), BenchSettings.ISSUER, LocalStack.Service.ISSUER)) {
            WatchwordApi api = stack.api();
            URI issuer = stack.issuerUrl();
            String tenantAdmin = stack.createTenant("bench", List.of("orders", "payments"));
            String introspector = api.postJson(
                            issuer,
                            "/v1/admin-keys",
                            tenantAdmin,
                            Map.of(
                                    "name",
                                    "bench introspection",
                                    "scopes",
                                    List.of("introspection:read"),
                                    "ttl",
                                    "P1D"))
                    .expect(201)
                    .text("key");

            // CPU per request of the issuer JVM, and with PostgreSQL's processes (decision 0120).
            Map<String, LongSupplier> cpu = new LinkedHashMap<>();
            cpu.put(PeerBenchmark.ISSUER, ProcessCpu.of(stack.issuerPid()));
            long postmaster = ProcessCpu.postmasterListeningOn(stack.postgresPort());
            if (postmaster > 0) {
                cpu.put(PeerBenchmark.ISSUER_AND_DB, ProcessCpu.of(stack.issuerPid(), postmaster));
            }
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.loadThreads()));
            try {
                HttpLoad load = new HttpLoad(vertx, issuer);
                Buffer createBody = Buffer.buffer(JSON.writeValueAsBytes(Map.of(
                        "name", "bench-key", "scopes", List.of("orders:write", "payments:read"), "ttl", "P30D")));
                Map<String, String> createHeaders =
                        Map.of("Authorization", "Bearer " + tenantAdmin, "Content-Type", "application/json");
                // Decision 0270: the issuer JVM is fresh and key creation is its first step. Its
                // warm-up is counted in requests, not seconds: C2 compiles a method after ~10,000
                // calls, and a 10 s warm-up at a few hundred keys/s left the JIT compiling through
                // the measured period (a quarter of the issuer's CPU, JFR jdk.ThreadCPULoad).
                if (options.creationPrewarm() > 0) {
                    AtomicInteger prewarmed = new AtomicInteger();
                    HttpLoad.Result prewarm = load.pass(
                            "key creation (JIT warm-up)",
                            options.connections(),
                            Duration.ofMinutes(10),
                            () -> prewarmed.getAndIncrement() < options.creationPrewarm()
                                    ? new HttpLoad.Request(HttpMethod.POST, "/v1/keys", createHeaders, createBody)
                                    : null,
                            status -> status == 201,
                            cpu);
                    out.println("  " + prewarm.summary());
                }
                HttpLoad.Result creation = load.run(
                        "key creation",
                        options.connections(),
                        options.warmup(),
                        options.duration(),
                        () -> new HttpLoad.Request(HttpMethod.POST, "/v1/keys", createHeaders, createBody),
                        status -> status == 201,
                        cpu);
                report(results, creation);

                // Bench-only bulk path (BulkKeySeeder): straight into the issuer's PostgreSQL.
                out.println("Seeding " + options.storedKeys() + " keys straight into the issuer's database...");
                long seeding = System.nanoTime();
                List<String> keys = BulkKeySeeder.seed(
                                stack, "bench", List.of("orders:write", "payments:read"), options.storedKeys())
                        .keys();
                out.printf(
                        "  %d keys stored in %.1f s for the exchange and introspection runs%n",
                        keys.size(), (System.nanoTime() - seeding) / 1e9);
                // The issuer must see them as its own (same hash, same format): one is introspected.
                WatchwordApi.Answer seen = api.postForm(
                                issuer,
                                "/v1/introspect",
                                introspector,
                                Map.of("token", keys.get(keys.size() / 2), "token_type_hint", "api_key"))
                        .expect(200);
                if (!seen.body().path("active").asBoolean()) {
                    throw new IllegalStateException("the issuer does not recognise a seeded key: " + seen.body());
                }

                Buffer tokenBody = Buffer.buffer(
                        JSON.writeValueAsBytes(Map.of("scopes", List.of("orders:read"), "audience", "orders-api")));
                Map<String, String> introspectHeaders = Map.of(
                        "Authorization", "Bearer " + introspector, "Content-Type", "application/x-www-form-urlencoded");
                Function<String, HttpLoad.Request> exchangeOf = key -> new HttpLoad.Request(
                        HttpMethod.POST,
                        "/v1/tokens",
                        Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                        tokenBody);
                Function<String, HttpLoad.Request> introspectionOf = key -> new HttpLoad.Request(
                        HttpMethod.POST,
                        "/v1/introspect",
                        introspectHeaders,
                        Buffer.buffer(
                                "token_type_hint=api_key&token=" + URLEncoder.encode(key, StandardCharsets.UTF_8)));

                // Decision 0230: each scenario twice. First pass (cold): every request presents a
                // stored key no request of this run presented before (one shuffled order shared by
                // both steps, wrapping only if it runs out), so every lookup misses the issuer's key
                // cache: the per-stored-key random-access figure. Then one pass that uses every
                // key once, and the steady state: a random key of all of them per request, most of
                // them cached. Each step prints the issuer's cache hit share over its measured period.
                List<String> order = new ArrayList<>(keys);
                Collections.shuffle(order);
                AtomicInteger cursor = new AtomicInteger();
                Supplier<String> unused = () -> order.get(Math.floorMod(cursor.getAndIncrement(), order.size()));

                report(results, step(load, issuer, "token exchange, cold", () -> exchangeOf.apply(unused.get()), cpu));
                report(
                        results,
                        step(
                                load,
                                issuer,
                                "api-key introspection, cold",
                                () -> introspectionOf.apply(unused.get()),
                                cpu));

                out.println("Using every stored key once (introspection), for the steady state...");
                AtomicInteger passed = new AtomicInteger();
                HttpLoad.Result pass = load.pass(
                        "every key once",
                        options.connections(),
                        Duration.ofMinutes(10),
                        () -> {
                            int i = passed.getAndIncrement();
                            return i < order.size() ? introspectionOf.apply(order.get(i)) : null;
                        },
                        status -> status == 200,
                        cpu);
                out.println("  " + pass.summary());

                report(results, step(load, issuer, "token exchange, steady", () -> exchangeOf.apply(pick(keys)), cpu));
                report(
                        results,
                        step(
                                load,
                                issuer,
                                "api-key introspection, steady",
                                () -> introspectionOf.apply(pick(keys)),
                                cpu));
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
        return results;
    }

    /**
     * A warm-up (not recorded), then the measured period, after which it prints how many key
     * lookups per measured request missed the issuer's key cache (its {@code
     * watchword.credential.lookups} counters; an introspection's admin credential is a hit).
     */
    private HttpLoad.Result step(
            HttpLoad load, URI issuer, String name, Supplier<HttpLoad.Request> requests, Map<String, LongSupplier> cpu)
            throws InterruptedException {
        load.run(name + " (warm-up)", options.connections(), Duration.ZERO, options.warmup(), requests, OK);
        Map<String, Double> before = lookups(issuer);
        HttpLoad.Result result =
                load.run(name, options.connections(), Duration.ZERO, options.duration(), requests, OK, cpu);
        Map<String, Double> after = lookups(issuer);
        double misses = after.getOrDefault("cache_miss", 0.0) - before.getOrDefault("cache_miss", 0.0);
        if (!after.isEmpty()) {
            out.printf(
                    "  %s: %.0f key-cache misses in %d requests (%.2f per request)%n",
                    name, misses, result.ok() + result.failed(), misses / Math.max(1, result.ok() + result.failed()));
        }
        return result;
    }

    private static final IntPredicate OK = status -> status == 200;

    /** The issuer's {@code watchword.credential.lookups} counters by result, from {@code /q/metrics}. */
    private static Map<String, Double> lookups(URI issuer) {
        Map<String, Double> counts = new LinkedHashMap<>();
        try {
            HttpResponse<String> metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(issuer.resolve("/q/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString());
            Matcher m = LOOKUPS.matcher(metrics.body());
            while (m.find()) {
                counts.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        } catch (Exception e) {
            // figures without the hit share then; the load figures do not depend on it
        }
        return counts;
    }

    private static final Pattern LOOKUPS =
            Pattern.compile("(?m)^watchword_credential_lookups_total\\{[^}]*result=\"([a-z_]+)\"[^}]*} ([0-9.eE+-]+)$");

    private void report(List<HttpLoad.Result> results, HttpLoad.Result result) {
        results.add(result);
        out.println(result.summary());
    }

    private static String pick(List<String> keys) {
        return keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
    }
}
