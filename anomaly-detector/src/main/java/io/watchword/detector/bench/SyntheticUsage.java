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
 * routes, in event-time order, and one key in 1,000 turning into a thief half way through.
 *
 * <pre>java -cp anomaly-detector.jar io.watchword.detector.bench.SyntheticUsage OUT.jsonl.gz EVENTS KEYS</pre>
 */
public final class SyntheticUsage {
    private SyntheticUsage() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long events = Long.parseLong(args[1]);
        int keys = Integer.parseInt(args[2]);
        write(out, events, keys);
    }

    public static void write(Path out, long events, int keys) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        long start = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
        // Events spread so each key sees about one request a minute.
        long stepMicros = Math.max(1, 60_000_000L / Math.max(1, keys));
        String[] clients = {"acme-billing/3.2.1", "okhttp/4.12.0", "python-requests/2.31.0", "Go-http-client/2.0"};
        try (OutputStream os = new BufferedOutputStream(
                out.toString().endsWith(".gz")
                        ? new GZIPOutputStream(Files.newOutputStream(out), 1 << 16)
                        : Files.newOutputStream(out),
                1 << 16)) {
            for (long i = 0; i < events; i++) {
                int k = random.nextInt(keys);
                long ts = start + (i * stepMicros) / 1000;
                boolean thief = k % 1000 == 7 && i > events / 2;
                String ip = thief
                        ? "203.0.113." + random.nextInt(250)
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
                os.write(EventSerde.serialize(e));
                os.write('\n');
            }
        }
    }
}
