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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

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
                HttpLoad.Result exchange = load.run(
                        "token exchange",
                        options.connections(),
                        options.warmup(),
                        options.duration(),
                        () -> new HttpLoad.Request(
                                HttpMethod.POST,
                                "/v1/tokens",
                                Map.of("Authorization", "Bearer " + pick(keys), "Content-Type", "application/json"),
                                tokenBody),
                        status -> status == 200,
                        cpu);
                report(results, exchange);

                Map<String, String> introspectHeaders = Map.of(
                        "Authorization", "Bearer " + introspector, "Content-Type", "application/x-www-form-urlencoded");
                HttpLoad.Result introspection = load.run(
                        "api-key introspection",
                        options.connections(),
                        options.warmup(),
                        options.duration(),
                        () -> new HttpLoad.Request(
                                HttpMethod.POST,
                                "/v1/introspect",
                                introspectHeaders,
                                Buffer.buffer("token_type_hint=api_key&token="
                                        + URLEncoder.encode(pick(keys), StandardCharsets.UTF_8))),
                        status -> status == 200,
                        cpu);
                report(results, introspection);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
        return results;
    }

    private void report(List<HttpLoad.Result> results, HttpLoad.Result result) {
        results.add(result);
        out.println(result.summary());
    }

    private static String pick(List<String> keys) {
        return keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
    }
}
