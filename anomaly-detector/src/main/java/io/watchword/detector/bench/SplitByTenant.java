package io.watchword.detector.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Splits a usage file (JSONL, gzip when named *.gz) into PARTS gzip files by tenant, lines
 * unchanged and in their order: every tenant's events (and so every key's) stay in one file, in
 * order, so the tenant prior and each key see the same sequence as from the single file, while the
 * backtest reads one split per file and parses on every source subtask. A line without a
 * {@code "tenantId"} goes to part 0.
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
        Files.createDirectories(dir);
        OutputStream[] out = new OutputStream[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = new BufferedOutputStream(
                    new GZIPOutputStream(Files.newOutputStream(dir.resolve("part-" + i + ".jsonl.gz")), 1 << 16),
                    1 << 16);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(in), 1 << 16);
                InputStream is = in.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] line = new byte[1 << 12];
            int len = 0;
            int b;
            while ((b = is.read()) >= 0) {
                if (b == '\n') {
                    write(out, line, len);
                    len = 0;
                } else {
                    if (len == line.length) {
                        line = java.util.Arrays.copyOf(line, len * 2);
                    }
                    line[len++] = (byte) b;
                }
            }
            if (len > 0) {
                write(out, line, len);
            }
        } finally {
            for (OutputStream o : out) {
                o.close();
            }
        }
    }

    private static void write(OutputStream[] out, byte[] line, int len) throws java.io.IOException {
        OutputStream o = out[part(line, len, out.length)];
        o.write(line, 0, len);
        o.write('\n');
    }

    /** The part of a line: a hash of its tenant id's bytes, 0 without one. */
    static int part(byte[] line, int len, int parts) {
        outer:
        for (int i = 0; i + FIELD.length <= len; i++) {
            for (int j = 0; j < FIELD.length; j++) {
                if (line[i + j] != FIELD[j]) {
                    continue outer;
                }
            }
            int h = 0;
            for (int k = i + FIELD.length; k < len && line[k] != '"'; k++) {
                h = 31 * h + line[k];
            }
            return Math.floorMod(h, parts);
        }
        return 0;
    }
}
