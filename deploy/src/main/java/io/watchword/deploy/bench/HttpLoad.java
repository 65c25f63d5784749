package io.watchword.deploy.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop HTTP load generator: {@code connections} keep-alive connections, each sending its
 * next request as soon as the previous answer arrives. Latency is recorded from send to the last
 * byte of the answer, in microseconds.
 *
 * <p>Closed loop means a slow answer delays the next request, so tail latencies are a lower bound
 * under saturation (coordinated omission); the reported throughput is what the server sustains
 * with that many concurrent callers.
 */
public final class HttpLoad {

    /**
     * The largest share of failed requests a measured period may have. Above it the run throws
     * instead of printing figures: a throughput made of refusals (a 429 from a rate limit, a 401)
     * measures the refusal path, not the scenario.
     */
    public static final double MAX_FAILED_SHARE = 0.01;

    /** One request to send. */
    public record Request(HttpMethod method, String path, Map<String, String> headers, Buffer body) {}

    /** What a run measured. */
    public record Result(
            String name,
            int connections,
            long ok,
            long failed,
            double seconds,
            Histogram latencyMicros,
            Map<String, Long> cpuNanos,
            String loadAverage) {

        public double throughput() {
            return ok / seconds;
        }

        /**
         * CPU time per successful request of the process trees measured as {@code meter}, in
         * microseconds; NaN if it was not measured.
         */
        public double cpuMicrosPerRequest(String meter) {
            Long nanos = cpuNanos.get(meter);
            return nanos == null || nanos < 0 || ok == 0 ? Double.NaN : nanos / 1000.0 / ok;
        }

        public double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        public String summary() {
            return String.format(
                            "%-28s %5d conn  %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  max %7.2f ms  ok %d  failed %d",
                            name,
                            connections,
                            throughput(),
                            percentileMillis(50),
                            percentileMillis(99),
                            percentileMillis(99.9),
                            latencyMicros.getMaxValue() / 1000.0,
                            ok,
                            failed)
                    + cpuSummary();
        }

        private String cpuSummary() {
            StringBuilder text = new StringBuilder();
            cpuNanos.forEach((meter, nanos) ->
                    text.append(String.format("  cpu[%s] %.0f µs/req", meter, cpuMicrosPerRequest(meter))));
            return text.append("  load ").append(loadAverage).toString();
        }
    }

    private final Vertx vertx;
    private final URI base;

    public HttpLoad(Vertx vertx, URI base) {
        this.vertx = vertx;
        this.base = base;
    }

    /**
     * Runs a warm-up (not recorded), then the measured period.
     *
     * @param expected which status codes count as success; anything else counts as failed
     */
    public Result run(
            String name,
            int connections,
            Duration warmup,
            Duration measured,
            Supplier<Request> requests,
            IntPredicate expected)
            throws InterruptedException {
        return run(name, connections, warmup, measured, requests, expected, Map.of());
    }

    /**
     * Runs a warm-up (not recorded), then the measured period, reading each CPU meter (a process
     * tree's CPU nanoseconds, see {@link ProcessCpu}) right before and right after the measured
     * period only.
     */
    public Result run(
            String name,
            int connections,
            Duration warmup,
            Duration measured,
            Supplier<Request> requests,
            IntPredicate expected,
            Map<String, LongSupplier> cpuMeters)
            throws InterruptedException {
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setDefaultHost(base.getHost())
                        .setDefaultPort(base.getPort())
                        .setKeepAlive(true)
                        .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections));
        try {
            Phase warm = new Phase(client, requests, expected);
            warm.runFor(connections, warmup);
            Phase measure = new Phase(client, requests, expected);
            String loadAverage = ProcessCpu.loadAverage();
            Map<String, Long> cpuBefore = new LinkedHashMap<>();
            cpuMeters.forEach((meter, cpu) -> cpuBefore.put(meter, cpu.getAsLong()));
            long start = System.nanoTime();
            measure.runFor(connections, measured);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> cpuUsed = new LinkedHashMap<>();
            cpuMeters.forEach((meter, cpu) -> {
                long before = cpuBefore.get(meter);
                long after = cpu.getAsLong();
                cpuUsed.put(meter, before < 0 || after < 0 ? -1L : after - before);
            });
            Result result = new Result(
                    name,
                    connections,
                    measure.ok.get(),
                    measure.failed.get(),
                    seconds,
                    measure.recorder.getIntervalHistogram(),
                    cpuUsed,
                    loadAverage);
            requireMostlySuccessful(result, measure.failures);
            return result;
        } finally {
            client.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /**
     * Sends every request {@code requests} supplies (until it returns null) over {@code
     * connections} connections, with no warm-up, and measures that whole pass; {@code limit} is a
     * safety deadline only.
     */
    public Result pass(
            String name,
            int connections,
            Duration limit,
            Supplier<Request> requests,
            IntPredicate expected,
            Map<String, LongSupplier> cpuMeters)
            throws InterruptedException {
        return run(name, connections, Duration.ZERO, limit, requests, expected, cpuMeters);
    }

    /** Throws when more than {@link #MAX_FAILED_SHARE} of the measured requests failed. */
    static void requireMostlySuccessful(Result result, Map<String, Long> failures) {
        long total = result.ok() + result.failed();
        if (total > 0 && result.failed() > total * MAX_FAILED_SHARE) {
            throw new IllegalStateException(String.format(
                    "%s at %d connections: %d of %d requests failed (%.1f %%, more than %.0f %% allowed): %s."
                            + " The figures would measure refusals, not the scenario; see docs/benchmarks.md"
                            + " (\"Settings of a benchmark run\")",
                    result.name(),
                    result.connections(),
                    result.failed(),
                    total,
                    100.0 * result.failed() / total,
                    100 * MAX_FAILED_SHARE,
                    failures));
        }
    }

    private static final class Phase {
        private final HttpClient client;
        private final Supplier<Request> requests;
        private final IntPredicate expected;
        private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        /** Why requests failed: "HTTP 429", or the exception's class; counted. */
        private final Map<String, Long> failures = new java.util.concurrent.ConcurrentHashMap<>();

        private volatile long deadline;
        private CountDownLatch done;

        Phase(HttpClient client, Supplier<Request> requests, IntPredicate expected) {
            this.client = client;
            this.requests = requests;
            this.expected = expected;
        }

        void runFor(int connections, Duration duration) throws InterruptedException {
            if (duration.isZero()) {
                return;
            }
            deadline = System.nanoTime() + duration.toNanos();
            done = new CountDownLatch(connections);
            for (int i = 0; i < connections; i++) {
                next();
            }
            if (!done.await(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("load phase did not finish: the server stopped answering");
            }
        }

        private void next() {
            if (System.nanoTime() >= deadline) {
                done.countDown();
                return;
            }
            Request request = requests.get();
            if (request == null) {
                // the supplier ran out (a pass over a fixed set of requests): this connection is done
                done.countDown();
                return;
            }
            RequestOptions options =
                    new RequestOptions().setMethod(request.method()).setURI(request.path());
            request.headers().forEach(options::putHeader);
            long sent = System.nanoTime();
            client.request(options)
                    .compose(r -> request.body() == null ? r.send() : r.send(request.body()))
                    .compose(response -> response.body().map(body -> response.statusCode()))
                    .onComplete(outcome -> {
                        long micros = Math.max(1, (System.nanoTime() - sent) / 1000);
                        recorder.recordValue(Math.min(micros, TimeUnit.SECONDS.toMicros(60)));
                        if (outcome.succeeded() && expected.test(outcome.result())) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            String reason = outcome.succeeded()
                                    ? "HTTP " + outcome.result()
                                    : outcome.cause().getClass().getSimpleName();
                            failures.merge(reason, 1L, Long::sum);
                        }
                        next();
                    });
        }
    }
}
