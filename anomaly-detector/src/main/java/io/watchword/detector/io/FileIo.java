package io.watchword.detector.io;

import io.watchword.detector.model.ControlRule;
import io.watchword.detector.model.Parsed;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.Collector;

/** The backtest's bounded FLIP-27 sources: JSONL files, gzip-compressed when named *.gz. */
public final class FileIo {
    private FileIo() {}

    public static FileSource<String> lines(String file) {
        return FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(file))
                .build();
    }

    /** Parses a line; blank lines are skipped, bad ones become dead letters. */
    public static final class ParseLine implements FlatMapFunction<String, Parsed> {
        private static final long serialVersionUID = 1L;
        private final boolean usage;
        private final String file;

        public ParseLine(boolean usage, String file) {
            this.usage = usage;
            this.file = file;
        }

        @Override
        public void flatMap(String line, Collector<Parsed> out) {
            Parsed p = RecordParser.fromLine(line, usage, file);
            if (p != null) {
                out.collect(p);
            }
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
