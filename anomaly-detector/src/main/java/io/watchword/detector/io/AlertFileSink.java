package io.watchword.detector.io;

import io.watchword.detector.model.AlertOut;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The backtest's alert sink: appends each alert's JSON line to a local file (run it with
 * parallelism 1). Unlike collecting results to the client, nothing is lost when the bounded job
 * ends and its MiniCluster shuts down; the caller sorts the lines by event time afterwards.
 */
public final class AlertFileSink implements Sink<AlertOut> {
    private static final long serialVersionUID = 1L;
    private final String file;

    public AlertFileSink(Path file) {
        this.file = file.toAbsolutePath().toString();
    }

    @Override
    public SinkWriter<AlertOut> createWriter(WriterInitContext context) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(
                Path.of(file), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new SinkWriter<>() {
            @Override
            public void write(AlertOut alert, Context ctx) throws IOException {
                w.write(alert.ts + "\t" + alert.json);
                w.newLine();
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                w.flush();
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }
}
