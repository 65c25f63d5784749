package io.watchword.detector.io;

import io.watchword.detector.model.ControlRule;
import io.watchword.detector.model.Parsed;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.Collector;

/** The backtest's bounded FLIP-27 sources: JSONL files, gzip-compressed when named *.gz. */
public final class FileIo {
    private FileIo() {}

    /**
     * Usage lines read by every file source of this JVM (the backtest's MiniCluster runs them all
     * here), for the backtest's progress lines. A striped counter: no contention between subtasks.
     */
    private static final LongAdder USAGE_LINES_READ = new LongAdder();

    public static long usageLinesRead() {
        return USAGE_LINES_READ.sum();
    }

    public static FileSource<String> lines(String file) {
        return FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(file))
                .build();
    }

    /**
     * The usage or credentials file read and parsed in the source itself: lines are cut as bytes
     * and parsed from the read buffer, never decoded to a {@code String} and encoded back (the
     * text-line format did both for every line), and the records leave the source parsed, so the
     * watermarks are generated in the source as in the live job.
     */
    public static FileSource<Parsed> parsed(String file, boolean usage) {
        return FileSource.forRecordStreamFormat(new ParsedLineFormat(usage, file), paths(file))
                .build();
    }

    /**
     * A file, a directory (its files) or a comma-separated list of either. A gzip file is one split
     * read by one source subtask; several files (e.g. split by tenant with {@code bench.SplitByTenant},
     * which keeps every tenant's and key's events in one file and in order) parse on every subtask.
     */
    static Path[] paths(String files) {
        return java.util.Arrays.stream(files.split(","))
                .map(String::strip)
                .filter(f -> !f.isEmpty())
                .map(Path::new)
                .toArray(Path[]::new);
    }

    /** JSONL (gzip-decompressed by the file source when named *.gz) into {@link Parsed} records. */
    static final class ParsedLineFormat extends SimpleStreamFormat<Parsed> {
        private static final long serialVersionUID = 1L;
        private final boolean usage;
        private final String file;

        ParsedLineFormat(boolean usage, String file) {
            this.usage = usage;
            this.file = file;
        }

        @Override
        public Reader<Parsed> createReader(Configuration config, FSDataInputStream stream) {
            return new LineReader(stream, usage, file);
        }

        @Override
        public TypeInformation<Parsed> getProducedType() {
            return TypeInformation.of(Parsed.class);
        }
    }

    /** Cuts lines in a reused byte buffer (a line longer than the buffer grows it). */
    static final class LineReader implements StreamFormat.Reader<Parsed> {
        private final InputStream in;
        private final boolean usage;
        private final String file;
        private byte[] buf = new byte[1 << 16];
        private int start;
        private int end;
        private boolean eof;

        LineReader(InputStream in, boolean usage, String file) {
            this.in = in;
            this.usage = usage;
            this.file = file;
        }

        @Override
        public Parsed read() throws IOException {
            while (true) {
                int nl = -1;
                int scanned = 0; // bytes after start already searched (start moves when the buffer is refilled)
                while (true) {
                    for (int i = start + scanned; i < end; i++) {
                        if (buf[i] == '\n') {
                            nl = i;
                            break;
                        }
                    }
                    if (nl >= 0) {
                        break;
                    }
                    scanned = end - start;
                    if (!fill()) {
                        break;
                    }
                }
                int lineEnd;
                if (nl >= 0) {
                    lineEnd = nl;
                } else if (start < end) {
                    lineEnd = end; // the last line has no line break
                } else {
                    return null;
                }
                int from = start;
                int to = lineEnd > from && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                start = nl >= 0 ? nl + 1 : end;
                Parsed p = RecordParser.fromLine(buf, from, to - from, usage, file);
                if (usage) {
                    USAGE_LINES_READ.increment();
                }
                if (p != null) {
                    return p;
                }
            }
        }

        /** Moves the unread rest to the front (growing the buffer if it is full) and reads more; false at the end. */
        private boolean fill() throws IOException {
            if (eof) {
                return false;
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                eof = true;
                return false;
            }
            end += n;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    public static final class ParseControl implements FlatMapFunction<String, ControlRule> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(String line, Collector<ControlRule> out) {
            if (line.isBlank()) {
                return;
            }
            try {
                out.collect(ControlRules.parse(line));
            } catch (RuntimeException e) {
                // skipped, as in live mode
            }
        }
    }
}
