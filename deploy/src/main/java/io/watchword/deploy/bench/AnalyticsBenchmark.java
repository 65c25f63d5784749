package io.watchword.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.watchword.deploy.LocalStack;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.ApiUsageRecorded;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * usage-analytics (issue 10 §5), three figures on one stack:
 *
 * <ol>
 *   <li><b>consumption</b>: {@code --usage-events} events over {@code --usage-keys} keys are
 *       published to the usage topic first; then usage-analytics starts and consumes them from the
 *       beginning into its rollups. Events/s come from the offsets it stores with the rollups
 *       (decision 0145), polled in PostgreSQL, between its first and its last applied batch;
 *   <li><b>ingestion</b>: {@code POST /v1/usage-events} with {@code --ingest-batch} events per
 *       request at {@code --connections}, 202 only (acks=all, one Kafka transaction per request);
 *   <li><b>last used</b>: an event with a known time is posted to the endpoint and {@code GET
 *       /v1/keys/{id}} polled until its {@code lastUse.usedAt} shows it: request → visible, p50/p99/max,
 *       once while the ingestion load runs and once on a quiet service.
 * </ol>
 */
final class AnalyticsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE_TOPIC = "watchword.usage.v1";
    private static final int TENANTS = 100;
    private static final int PROBE_KEYS = 16;
    private static final int PROBE_THREADS = 4;

    private final BenchmarkOptions options;
    private final PrintStream out;

    AnalyticsBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    void run() throws Exception {
        try (LocalStack stack = LocalStack.start(options.home(), LocalStack.Service.ISSUER)) {
            String bootstrap = stack.infrastructure().kafkaBootstrapServers();
            SyntheticUsage usage = new SyntheticUsage(options.usageKeys(), TENANTS, 42);

            int events = options.usageEvents();
            out.printf(
                    "Publishing %,d usage events over %,d keys of %d tenants...%n",
                    events, options.usageKeys(), TENANTS);
            long published = System.nanoTime();
            usage.publish(bootstrap, events, Duration.ofMinutes(10));
            out.printf(
                    "  published in %.1f s (%,.0f events/s)%n",
                    (System.nanoTime() - published) / 1e9, events / ((System.nanoTime() - published) / 1e9));

            out.println("Starting usage-analytics; it consumes the topic from the beginning...");
            long launched = System.nanoTime();
            stack.startAnalyticsLater();
            out.printf("  ready after %.1f s%n", (System.nanoTime() - launched) / 1e9);
            consumption(stack, events);

            String tenantAdmin = stack.createTenant("ingest", List.of("orders"));
            ingestionAndLastUse(stack, tenantAdmin);
        }
    }

    /**
     * With {@code --jfr DIR}, a JFR recording (profile settings) of usage-analytics runs through
     * {@code phase} only, started and written with {@code jcmd}: one file per phase, whatever
     * happens to the service's JVM at the end.
     */
    private AutoCloseable profile(LocalStack stack, String phase) throws Exception {
        if (options.jfrDirectory() == null) {
            return () -> {};
        }
        java.nio.file.Files.createDirectories(options.jfrDirectory());
        java.nio.file.Path file = options.jfrDirectory()
                .resolve("usage-analytics-" + phase + ".jfr")
                .toAbsolutePath();
        jcmd(stack.analyticsPid(), "JFR.start", "name=" + phase, "settings=profile");
        return () -> {
            jcmd(stack.analyticsPid(), "JFR.stop", "name=" + phase, "filename=" + file);
            out.println("  profile of " + phase + ": " + file);
        };
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>();
        line.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String answer = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + answer);
        }
    }

    /** Polls the offsets usage-analytics stored with its rollups until every event is applied. */
    private void consumption(LocalStack stack, long events) throws Exception {
        try (AutoCloseable profiling = profile(stack, "consumption")) {
            measureConsumption(stack, events);
        }
    }

    private void measureConsumption(LocalStack stack, long events) throws Exception {
        LongSupplier analyticsCpu = ProcessCpu.of(stack.analyticsPid());
        long postmaster = ProcessCpu.postmasterListeningOn(stack.postgresPort());
        LongSupplier postgresCpu = postmaster > 0 ? ProcessCpu.of(postmaster) : () -> -1;
        String load = ProcessCpu.loadAverage();
        try (Connection db = analyticsDatabase(stack)) {
            long cpuA = analyticsCpu.getAsLong();
            long cpuP = postgresCpu.getAsLong();
            long first = -1;
            long firstAt = 0;
            long applied = 0;
            long lastAt = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (applied < events) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("usage-analytics applied only " + applied + " of " + events);
                }
                applied = appliedOffsets(db);
                long now = System.nanoTime();
                if (first < 0 && applied > 0) {
                    first = applied;
                    firstAt = now;
                }
                lastAt = now;
                if (applied < events) {
                    Thread.sleep(100);
                }
            }
            double seconds = (lastAt - firstAt) / 1e9;
            long counted = events - first;
            long cpuAnalytics = analyticsCpu.getAsLong() - cpuA;
            long cpuPostgres = postgresCpu.getAsLong() - cpuP;
            out.printf(
                    "consumption: %,d events in %.1f s after the first batch = %,.0f events/s (first batch %,d events);"
                            + " CPU usage-analytics %.1f s (%.1f µs/event), PostgreSQL %s; load %s%n",
                    counted,
                    seconds,
                    counted / seconds,
                    first,
                    cpuAnalytics / 1e9,
                    cpuAnalytics / 1e3 / events,
                    cpuP < 0
                            ? "n/a"
                            : String.format("%.1f s (%.1f µs/event)", cpuPostgres / 1e9, cpuPostgres / 1e3 / events),
                    load);
            out.printf(
                    "  rows: usage_rollup %,d, usage_route_rollup %,d, usage_scope_rollup %,d, last_use %,d%n",
                    count(db, "usage_rollup"),
                    count(db, "usage_route_rollup"),
                    count(db, "usage_scope_rollup"),
                    count(db, "last_use"));
        }
    }

    private void ingestionAndLastUse(LocalStack stack, String tenantAdmin) throws Exception {
        URI analytics = stack.analyticsUrl();
        // Real keys, so GET /v1/keys/{id} knows them (usage-analytics learns them from credential-state).
        List<String> probeKeys =
                KeySeeder.seed(stack.issuerUrl(), tenantAdmin, PROBE_KEYS).ids();
        LastUseProbe probe = new LastUseProbe(analytics, tenantAdmin, probeKeys);
        probe.awaitKnown(Duration.ofMinutes(2));

        SyntheticUsage usage = new SyntheticUsage(options.usageKeys(), 1, 7);
        int batch = options.ingestBatch();
        List<Buffer> bodies = new ArrayList<>();
        Instant now = Instant.now();
        for (int b = 0; b < 64; b++) {
            List<ApiUsageRecorded> events = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                ApiUsageRecorded e = usage.next(now.minusMillis(i));
                events.add(usage.event("ingest", e.credentialId(), e.occurredAt(), i));
            }
            bodies.add(Buffer.buffer(EventSerde.mapper().writeValueAsBytes(events)));
        }
        AtomicInteger next = new AtomicInteger();
        Map<String, String> headers =
                Map.of("Authorization", "Bearer " + tenantAdmin, "Content-Type", "application/json");
        Map<String, LongSupplier> cpu = Map.of("usage-analytics", ProcessCpu.of(stack.analyticsPid()));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.loadThreads()));
        ExecutorService probing = Executors.newSingleThreadExecutor();
        try {
            out.printf(
                    "Ingestion: POST /v1/usage-events, %d events per request, %d connections, %d s warm-up, %d s"
                            + " measured; last use sampled meanwhile...%n",
                    batch,
                    options.connections(),
                    options.warmup().toSeconds(),
                    options.duration().toSeconds());
            Duration total = options.warmup().plus(options.duration());
            Future<Histogram> underLoad = probing.submit(() -> probe.sampleFor(total));
            AutoCloseable profiling = profile(stack, "ingestion");
            HttpLoad.Result result = new HttpLoad(vertx, analytics)
                    .run(
                            "POST /v1/usage-events",
                            options.connections(),
                            options.warmup(),
                            options.duration(),
                            () -> new HttpLoad.Request(
                                    HttpMethod.POST,
                                    "/v1/usage-events",
                                    headers,
                                    bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()))),
                            status -> status == 202,
                            cpu);
            profiling.close();
            out.println(result.summary());
            out.printf(
                    "ingestion: %,.0f events/s accepted (%,.0f requests/s x %d), %d requests failed; CPU"
                            + " usage-analytics %.1f µs/event%n",
                    result.throughput() * batch,
                    result.throughput(),
                    batch,
                    result.failed(),
                    result.cpuMicrosPerRequest("usage-analytics") / batch);
            report("last used, request -> visible, during the ingestion load", underLoad.get());
            out.println("Letting usage-analytics catch up with the ingested events...");
            probe.awaitQuiet(Duration.ofMinutes(10));
            report("last used, request -> visible, quiet service", probe.sample(options.lastUseSamples()));
        } finally {
            probing.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private void report(String what, Histogram latencies) {
        out.printf(
                "%s: %d samples  p50 %.1f ms  p99 %.1f ms  max %.1f ms  (target p99 <= 2000 ms); load %s%n",
                what,
                latencies.getTotalCount(),
                latencies.getValueAtPercentile(50) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0,
                latencies.getMaxValue() / 1000.0,
                ProcessCpu.loadAverage());
    }

    private static Connection analyticsDatabase(LocalStack stack) throws SQLException {
        var infrastructure = stack.infrastructure();
        return DriverManager.getConnection(
                infrastructure.jdbcUrl("analytics"), infrastructure.jdbcUsername(), infrastructure.jdbcPassword());
    }

    /** Events applied so far: the sum of the next offsets stored with the rollups (0145). */
    private static long appliedOffsets(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT coalesce(sum(next_offset), 0) FROM consumed_offsets WHERE topic = '"
                                + USAGE_TOPIC + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            // The table appears with the service's first migration.
            return 0;
        }
    }

    private static long count(Connection db, String table) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Posts one event with a known time for a real key and polls the key until usage-analytics
     * shows it as the key's last use. One key per sampling thread at a time, so samples never
     * overlap on a key.
     */
    static final class LastUseProbe {
        private final URI analytics;
        private final String admin;
        private final List<String> keys;
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        LastUseProbe(URI analytics, String admin, List<String> keys) {
            this.analytics = analytics;
            this.admin = admin;
            this.keys = keys;
        }

        void awaitKnown(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (String key : keys) {
                while (get("/v1/keys/" + key).statusCode() != 200) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("usage-analytics does not know key " + key);
                    }
                    Thread.sleep(200);
                }
            }
        }

        /** Waits until one probe sample is visible within 2 s: the backlog of the load is consumed. */
        void awaitQuiet(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Histogram one = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
                sampleOne(keys.get(0), one, Duration.ofMinutes(10));
                if (one.getMaxValue() < 2_000_000) {
                    return;
                }
            }
            throw new IllegalStateException("usage-analytics did not catch up within " + timeout);
        }

        Histogram sampleFor(Duration duration) throws Exception {
            long end = System.nanoTime() + duration.toNanos();
            return run(() -> System.nanoTime() < end, Integer.MAX_VALUE);
        }

        Histogram sample(int count) throws Exception {
            return run(() -> true, count);
        }

        private Histogram run(java.util.function.BooleanSupplier more, int count) throws Exception {
            Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
            AtomicInteger remaining = new AtomicInteger(count);
            ExecutorService threads = Executors.newFixedThreadPool(PROBE_THREADS);
            try {
                List<Future<Histogram>> parts = new ArrayList<>();
                for (int t = 0; t < PROBE_THREADS; t++) {
                    int thread = t;
                    parts.add(threads.submit(() -> {
                        Histogram mine = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
                        int i = 0;
                        while (more.getAsBoolean() && remaining.getAndDecrement() > 0) {
                            // Thread t uses keys t, t+4, t+8, …: never a key another thread waits on.
                            String key = keys.get((thread + PROBE_THREADS * i++) % keys.size());
                            sampleOne(key, mine, Duration.ofSeconds(60));
                            Thread.sleep(50);
                        }
                        return mine;
                    }));
                }
                for (Future<Histogram> part : parts) {
                    all.add(part.get());
                }
            } finally {
                threads.shutdownNow();
            }
            return all;
        }

        private void sampleOne(String key, Histogram into, Duration timeout) throws Exception {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            ApiUsageRecorded event = new SyntheticUsage(1, 1, at.toEpochMilli()).event("ingest", key, at, 0);
            byte[] body = EventSerde.mapper().writeValueAsBytes(List.of(event));
            long sent = System.nanoTime();
            HttpResponse<String> posted = http.send(
                    HttpRequest.newBuilder(analytics.resolve("/v1/usage-events"))
                            .header("Authorization", "Bearer " + admin)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (posted.statusCode() != 202) {
                throw new IllegalStateException(
                        "POST /v1/usage-events answered " + posted.statusCode() + " " + posted.body());
            }
            long deadline = sent + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> key1 = get("/v1/keys/" + key);
                if (key1.statusCode() == 200) {
                    JsonNode usedAt = JSON.readTree(key1.body()).path("lastUse").path("usedAt");
                    if (usedAt.isTextual() && !Instant.parse(usedAt.asText()).isBefore(at)) {
                        into.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                        return;
                    }
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException("last use of " + key + " not visible within " + timeout);
        }

        private HttpResponse<String> get(String path) throws Exception {
            return http.send(
                    HttpRequest.newBuilder(analytics.resolve(path))
                            .header("Authorization", "Bearer " + admin)
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
