package io.watchword.detector;

import io.watchword.detector.io.AlertFileSink;
import io.watchword.detector.io.FileIo;
import io.watchword.detector.io.KafkaIo;
import io.watchword.detector.job.DetectorJob;
import io.watchword.detector.model.ControlRule;
import io.watchword.detector.model.Parsed;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Entry point of the anomaly-detector jar.
 *
 * <pre>
 * java -jar anomaly-detector.jar run [--name value ...]
 * java -jar anomaly-detector.jar backtest --usage U.jsonl[.gz] --credentials C.jsonl[.gz] --alerts A.jsonl
 *          [--control R.jsonl] [--name value ...]
 * </pre>
 *
 * {@code --name value} overrides any setting of {@code detector.properties} (without its prefix).
 * Started with {@code java -jar} the job runs in an in-process MiniCluster; submitted to a Flink
 * cluster ({@code flink run} or REST) the same main builds the same graph there.
 */
public final class DetectorMain {

    private DetectorMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("run") || args[0].equals("backtest"))) {
            usage();
            System.exit(2);
            return;
        }
        Properties options = new Properties();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage();
                System.exit(2);
                return;
            }
            options.setProperty(args[i].substring(2), args[++i]);
        }
        if (args[0].equals("run")) {
            // Under java -jar the job runs in this JVM's MiniCluster: main stays until it ends.
            // Submitted to a cluster (REST /jars/:id/run, flink run), the cluster owns the job and
            // main returns once it is submitted (web submission cannot wait for a job result).
            boolean inThisJvm = StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment;
            JobClient client = startLive(DetectorConfig.load(options));
            if (inThisJvm) {
                client.getJobExecutionResult().get();
            }
        } else {
            String usage = options.getProperty("usage");
            String credentials = options.getProperty("credentials");
            String alerts = options.getProperty("alerts");
            if (usage == null || alerts == null) {
                usage();
                System.exit(2);
                return;
            }
            double progressSeconds;
            try {
                progressSeconds = Double.parseDouble(options.getProperty("progress-seconds", "10"));
            } catch (NumberFormatException e) {
                System.err.println("--progress-seconds takes a number of seconds (0: no progress lines)");
                System.exit(2);
                return;
            }
            long started = System.nanoTime();
            ScheduledExecutorService progress = progressLines(progressSeconds, started);
            BacktestResult r;
            try {
                r = backtest(
                        DetectorConfig.load(options),
                        usage,
                        credentials,
                        options.getProperty("control"),
                        Path.of(alerts));
            } finally {
                progress.shutdownNow();
            }
            // The job's own run time (without the MiniCluster's start) is what throughput is measured on.
            System.err.printf(
                    "backtest: %d alerts written to %s in %.1f s (job %.1f s)%n",
                    r.alerts(),
                    alerts,
                    (System.nanoTime() - started) / 1e9,
                    r.job().getNetRuntime() / 1e3);
        }
    }

    /**
     * Prints how far a backtest is, every {@code seconds} (a month of traffic can take a while): usage
     * lines read so far and the rate over the last interval, which is also what the throughput
     * harness reads its sustained rate from (after the JIT has compiled the path).
     */
    private static ScheduledExecutorService progressLines(double seconds, long started) {
        long periodMillis = Math.round(seconds * 1000);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "backtest-progress");
            t.setDaemon(true);
            return t;
        });
        if (periodMillis <= 0) {
            return timer;
        }
        long[] last = {started, 0};
        timer.scheduleAtFixedRate(
                () -> {
                    long now = System.nanoTime();
                    long read = FileIo.usageLinesRead();
                    System.err.printf(
                            "backtest: progress at %.1f s: %d usage lines read, %.0f/s over the last %.1f s%n",
                            (now - started) / 1e9,
                            read,
                            (read - last[1]) / ((now - last[0]) / 1e9),
                            (now - last[0]) / 1e9);
                    last[0] = now;
                    last[1] = read;
                },
                periodMillis,
                periodMillis,
                TimeUnit.MILLISECONDS);
        return timer;
    }

    private static void usage() {
        System.err.println("usage: anomaly-detector run [--<setting> <value> ...]\n"
                + "       anomaly-detector backtest --usage U.jsonl[.gz] [--credentials C.jsonl[.gz]]"
                + " --alerts A.jsonl [--control R.jsonl] [--progress-seconds S (10; 0: none)]"
                + " [--<setting> <value> ...]");
    }

    /** The environment: in-process MiniCluster under java -jar, the cluster's when submitted. */
    static StreamExecutionEnvironment environment(DetectorConfig c, boolean live) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, c.integer("rest.port"));
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        String backend = c.string("state.backend");
        conf.set(StateBackendOptions.STATE_BACKEND, backend.equals("rocksdb") ? "rocksdb" : "hashmap");
        if (live) {
            String dir = c.string("checkpoint.dir", "");
            if (!dir.isEmpty()) {
                conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
                // A cancelled job (an operator stopping it, a redeploy) keeps its last checkpoint, so
                // it can be restarted from it with --restore like from a savepoint (decision 0200).
                conf.set(
                        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            }
            String restore = c.string("restore", "");
            if (!restore.isEmpty()) {
                conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore);
            }
        } else {
            conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(c.integer("parallelism"));
        // No operator keeps a reference to a record it has emitted or received (samples are
        // copies), so chained operators may hand records over without a defensive copy.
        env.getConfig().enableObjectReuse();
        if (live) {
            env.enableCheckpointing(c.millis("checkpoint.interval"), CheckpointingMode.AT_LEAST_ONCE);
            env.setBufferTimeout(c.integer("buffer-timeout-ms"));
        }
        return env;
    }

    /** Builds and starts the live job; returns at once with its client. */
    public static JobClient startLive(DetectorConfig c) throws Exception {
        StreamExecutionEnvironment env = environment(c, true);
        buildLive(env, c);
        JobClient client = env.executeAsync("watchword anomaly detector");
        int port = c.integer("rest.port");
        System.out.println("anomaly-detector: job " + client.getJobID() + " running; reads "
                + io.watchword.events.Topics.USAGE.name() + " at " + c.string("kafka.bootstrap-servers")
                + ", alerts on " + io.watchword.events.Topics.ALERTS.name()
                + (port > 0 ? "; Flink REST http://127.0.0.1:" + port + "/jobs/" + client.getJobID() : ""));
        System.out.flush();
        return client;
    }

    public static void buildLive(StreamExecutionEnvironment env, DetectorConfig c) {
        WatermarkStrategy<Parsed> wm = DetectorJob.watermarks(c);
        DataStream<Parsed> usage =
                env.fromSource(KafkaIo.usageSource(c), wm, "usage topic").uid("source-usage");
        DataStream<Parsed> credentials = env.fromSource(
                        KafkaIo.credentialSource(c), wm, "credential-state and revocations topics")
                .uid("source-credentials");
        DataStream<ControlRule> control = env.fromSource(
                        KafkaIo.controlSource(c), WatermarkStrategy.noWatermarks(), "control topic")
                .uid("source-control")
                .setParallelism(1);
        DetectorJob.Outputs out = DetectorJob.build(usage, credentials, control, c);
        out.alerts().sinkTo(KafkaIo.alertSink(c)).uid("sink-alerts").name("alert topic");
        out.deadLetters()
                .sinkTo(KafkaIo.deadLetterSink(c))
                .uid("sink-dead-letters")
                .name("dead-letter topic");
    }

    /** Removes a rule that never existed: a no-op record for an otherwise empty control stream. */
    private static ControlRule noRule() {
        ControlRule r = new ControlRule();
        r.ruleId = "none";
        r.withdrawn = true;
        return r;
    }

    public record BacktestResult(long alerts, JobExecutionResult job) {}

    /**
     * Runs the job graph over files, in event time, as fast as the machine allows; writes one
     * AnomalyDetected JSON per line, ordered by occurredAt (the event time the live job emits it).
     */
    public static BacktestResult backtest(
            DetectorConfig c, String usageFile, String credentialsFile, String controlFile, Path alertsFile)
            throws Exception {
        StreamExecutionEnvironment env = environment(c, false);
        WatermarkStrategy<Parsed> wm = DetectorJob.watermarks(c);
        // Parsed in the source (bytes to records, no text lines) with the watermarks made there, as live.
        DataStream<Parsed> usage =
                env.fromSource(FileIo.parsed(usageFile, true), wm, "usage file").uid("source-usage-file");
        DataStream<Parsed> credentials;
        if (credentialsFile != null) {
            credentials = env.fromSource(FileIo.parsed(credentialsFile, false), wm, "credentials file")
                    .uid("source-credentials-file");
        } else {
            // No file: one empty record (ignored by the parser step) stands for an empty bounded stream.
            credentials = env.fromData(List.of(new Parsed()), TypeInformation.of(Parsed.class));
        }
        DataStream<ControlRule> control = controlFile != null
                ? env.fromSource(FileIo.lines(controlFile), WatermarkStrategy.noWatermarks(), "control file")
                        .flatMap(new FileIo.ParseControl())
                : env.fromData(List.of(noRule()), TypeInformation.of(ControlRule.class));
        DetectorJob.Outputs out = DetectorJob.build(usage, credentials, control, c);
        out.deadLetters()
                .map(d -> "dead letter (" + d.topic + "): " + d.reason)
                .sinkTo(new DiscardingSink<>())
                .name("dead letters (backtest: dropped)");
        if (alertsFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(alertsFile.toAbsolutePath().getParent());
        }
        Path unsorted = alertsFile.resolveSibling(alertsFile.getFileName() + ".unsorted");
        Files.deleteIfExists(unsorted);
        Files.createFile(unsorted);
        out.alerts()
                .sinkTo(new AlertFileSink(unsorted))
                .setParallelism(1)
                .uid("sink-alerts-file")
                .name("alerts file");
        JobExecutionResult job = env.execute("watchword backtest");
        // Ordered by the event time the live job would have emitted each alert, then by key.
        List<String[]> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(unsorted, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            alerts.add(new String[] {line.substring(0, tab), line.substring(tab + 1)});
        }
        alerts.sort(
                Comparator.comparingLong((String[] a) -> Long.parseLong(a[0])).thenComparing(a -> a[1]));
        try (BufferedWriter w = Files.newBufferedWriter(alertsFile, StandardCharsets.UTF_8)) {
            for (String[] a : alerts) {
                w.write(a[1]);
                w.newLine();
            }
        }
        Files.delete(unsorted);
        return new BacktestResult(alerts.size(), job);
    }
}
