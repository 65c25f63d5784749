package io.watchword.detector.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Splits a usage file (JSONL, gzip when named *.gz) into PARTS gzip files by tenant, lines
 * unchanged and in their order: every tenant's events (and so every key's) stay in one file, in
 * order, so the tenant prior and each key see the same sequence as from the single file, while the
 * backtest reads one split per file and parses on every source subtask. A first pass counts each
 * tenant's lines, and tenants go, largest first, to the part with the fewest lines so far (a few
 * large tenants would leave a hash split lopsided). A line without a {@code "tenantId"} goes to
 * part 0.
 *
 * <pre>java -cp anomaly-detector.jar io.watchword.detector.bench.SplitByTenant IN.jsonl.gz OUT_DIR PARTS</pre>
 */
public final class SplitByTenant {
    private static final byte[] FIELD = "\"tenantId\":\"".getBytes(StandardCharsets.US_ASCII);

    private SplitByTenant() {}

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        int parts = Integer.parseInt(args[2]);
        Map<String, long[]> counts = new HashMap<>();
        forEachLine(in, (line, len) -> counts.computeIfAbsent(tenant(line, len), t -> new long[1])[0]++);
        Map<String, Integer> partOf = new HashMap<>();
        long[] load = new long[parts];
        counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> {
                    int best = 0;
                    for (int i = 1; i < parts; i++) {
                        if (load[i] < load[best]) {
                            best = i;
                        }
                    }
                    partOf.put(e.getKey(), best);
                    load[best] += e.getValue()[0];
                });
        Files.createDirectories(dir);
        OutputStream[] out = new OutputStream[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = new BufferedOutputStream(
                    new GZIPOutputStream(Files.newOutputStream(dir.resolve("part-" + i + ".jsonl.gz")), 1 << 16),
                    1 << 16);
        }
        try {
            forEachLine(in, (line, len) -> {
                OutputStream o = out[partOf.getOrDefault(tenant(line, len), 0)];
                o.write(line, 0, len);
                o.write('\n');
            });
        } finally {
            for (OutputStream o : out) {
                o.close();
            }
        }
        System.out.println("lines per part: " + java.util.Arrays.toString(load));
    }

    interface LineHandler {
        void line(byte[] line, int len) throws IOException;
    }

    private static void forEachLine(Path in, LineHandler handler) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(in), 1 << 16);
                InputStream is = in.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] buf = new byte[1 << 16];
            byte[] line = new byte[1 << 12];
            int len = 0;
            int n;
            while ((n = is.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        handler.line(line, len);
                        len = 0;
                    } else {
                        if (len == line.length) {
                            line = Arrays.copyOf(line, len * 2);
                        }
                        line[len++] = b;
                    }
                }
            }
            if (len > 0) {
                handler.line(line, len);
            }
        }
    }

    /** The line's tenant id ("" without one). */
    static String tenant(byte[] line, int len) {
        outer:
        for (int i = 0; i + FIELD.length <= len; i++) {
            for (int j = 0; j < FIELD.length; j++) {
                if (line[i + j] != FIELD[j]) {
                    continue outer;
                }
            }
            int from = i + FIELD.length;
            int to = from;
            while (to < len && line[to] != '"') {
                to++;
            }
            return new String(line, from, to - from, StandardCharsets.UTF_8);
        }
        return "";
    }
}
