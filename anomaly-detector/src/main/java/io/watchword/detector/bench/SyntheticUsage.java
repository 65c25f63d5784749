package io.watchword.detector.bench;

import io.watchword.events.EventSerde;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.UsageOutcome;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes synthetic usage for throughput benchmarks (not the detection scenarios: those are the
 * scenario generator's): {@code keys} keys over 100 tenants, each with its own network, client and
 * routes, in event-time order over {@link #SPAN_MS} (three days, whatever the number of events), and
 * one key in 1,000 turning into a thief half way through — after the tenant priors have watched
 * their tenants for more than {@code prior.min-age} (a day), so a thief without history of its own
 * is judged and alerted on: the measured path includes alerting. Each thief comes from its own
 * network (a /16 no key of the tenant uses) and calls a sensitive route with curl.
 *
 * <p>With {@code PARTS} &gt; 1, OUT is a directory of PARTS gzip files split by tenant (each tenant's
 * events, and so each key's, in one file and in order): the backtest reads one split per file, so
 * every source subtask parses ({@code --usage OUT}).
 *
 * <pre>java -cp anomaly-detector.jar io.watchword.detector.bench.SyntheticUsage OUT.jsonl.gz EVENTS KEYS [PARTS]</pre>
 */
public final class SyntheticUsage {
    /** Event time the file spans: more than twice {@code prior.min-age}, thieves start half way. */
    public static final long SPAN_MS = 3 * 86_400_000L;

    private SyntheticUsage() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long events = Long.parseLong(args[1]);
        int keys = Integer.parseInt(args[2]);
        int parts = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        write(out, events, keys, parts);
    }

    public static void write(Path out, long events, int keys) throws Exception {
        write(out, events, keys, 1);
    }

    public static void write(Path out, long events, int keys, int parts) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        long start = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
        // Events spread evenly over SPAN_MS (10 M events over 100,000 keys: ~100 requests a key).
        double stepMs = SPAN_MS / (double) Math.max(1, events);
        String[] clients = {"acme-billing/3.2.1", "okhttp/4.12.0", "python-requests/2.31.0", "Go-http-client/2.0"};
        OutputStream[] files = new OutputStream[Math.max(1, parts)];
        if (files.length > 1) {
            Files.createDirectories(out);
        }
        for (int f = 0; f < files.length; f++) {
            Path file = files.length == 1 ? out : out.resolve("part-" + f + ".jsonl.gz");
            files[f] = new BufferedOutputStream(
                    file.toString().endsWith(".gz")
                            ? new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)
                            : Files.newOutputStream(file),
                    1 << 16);
        }
        try {
            for (long i = 0; i < events; i++) {
                int k = random.nextInt(keys);
                long ts = start + (long) (i * stepMs);
                boolean thief = k % 1000 == 7 && i > events / 2;
                String ip = thief
                        ? "203." + (k / 1000 % 250) + ".113." + random.nextInt(250)
                        : (10 + k % 200) + "." + (k / 200 % 250) + "." + (k % 7) + "." + (1 + random.nextInt(200));
                String route =
                        thief ? "/v1/admin/export" : "/v1/r" + (k % 13) + (random.nextInt(4) == 0 ? "/{id}" : "");
                ApiUsageRecorded e = new ApiUsageRecorded(
                        new UUID(k, i),
                        Instant.ofEpochMilli(ts),
                        "ten_" + (k % 100),
                        "key_bench" + k,
                        "svc-" + (k % 5),
                        "GET",
                        route,
                        200,
                        500 + random.nextInt(2000),
                        ip,
                        thief ? "curl/8.5.0" : clients[k % clients.length],
                        100,
                        1000 + random.nextInt(5000),
                        UsageOutcome.ACCEPTED,
                        null,
                        null);
                OutputStream os = files[(k % 100) % files.length]; // by tenant
                os.write(EventSerde.serialize(e));
                os.write('\n');
            }
        } finally {
            for (OutputStream os : files) {
                os.close();
            }
        }
    }
}
