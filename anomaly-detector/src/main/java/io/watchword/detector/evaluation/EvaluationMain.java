package io.watchword.detector.evaluation;

import io.watchword.detector.scenario.GroundTruth;
import io.watchword.detector.scenario.ScenarioGenerator;
import io.watchword.detector.scenario.ScenarioMain;
import io.watchword.events.v1.AnomalyDetected;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation harness.
 *
 * <pre>
 * # generate, backtest (the detector's own entry point, in a child JVM), evaluate:
 * java -cp anomaly-detector.jar io.watchword.detector.evaluation.EvaluationMain run \
 *     --seed 42 --keys 2000 --days 14 --out target/evaluation [--rate-scale 1.0] [--per-type N] [--jvm -Xmx6g]
 * # score alerts you already have:
 * java -cp anomaly-detector.jar io.watchword.detector.evaluation.EvaluationMain evaluate \
 *     --labels labels.jsonl --alerts alerts.jsonl [--out report.md] [--grace-minutes 60]
 * </pre>
 */
public final class EvaluationMain {

    /** Flink reflects into these JDK packages (the list its distribution passes). */
    static final List<String> ADD_OPENS = List.of(
            "java.base/java.util",
            "java.base/java.lang",
            "java.base/java.lang.reflect",
            "java.base/java.io",
            "java.base/java.net",
            "java.base/java.nio",
            "java.base/sun.nio.ch",
            "java.base/java.time",
            "java.base/java.util.concurrent",
            "java.base/java.util.concurrent.atomic",
            "java.base/java.text");

    private EvaluationMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("run") || args[0].equals("evaluate"))) {
            System.err.println("usage: EvaluationMain run --seed S --keys K --days D --out DIR [--rate-scale X]"
                    + " [--per-type N] [--jvm OPTION]... | evaluate --labels L --alerts A [--out report.md]"
                    + " [--grace-minutes M]");
            System.exit(2);
        }
        if (args[0].equals("evaluate")) {
            evaluate(args);
        } else {
            run(args);
        }
    }

    private static void evaluate(String[] args) throws Exception {
        Path labels = Path.of(option(args, "--labels", "labels.jsonl"));
        Path alerts = Path.of(option(args, "--alerts", "alerts.jsonl"));
        String out = option(args, "--out", null);
        Duration grace = Duration.ofMinutes(Long.parseLong(option(args, "--grace-minutes", "60")));
        String md = Evaluation.markdown(
                Evaluation.evaluate(Evaluation.readLabels(labels), Evaluation.readAlerts(alerts), grace));
        System.out.println(md);
        if (out != null) {
            Files.writeString(Path.of(out), md, StandardCharsets.UTF_8);
        }
    }

    private static void run(String[] args) throws Exception {
        ScenarioMain.Options options = ScenarioMain.Options.parse(args);
        Path dir = options.out();
        long began = System.nanoTime();
        ScenarioGenerator.Summary scenario = new ScenarioGenerator(options.config()).writeTo(dir);
        System.out.printf(
                Locale.ROOT,
                "generated %,d usage events (%d compromised keys, %d look-alike keys) in %.1f s%n",
                scenario.usageEvents(),
                scenario.compromised(),
                scenario.lookAlikes(),
                scenario.millis() / 1000.0);

        Path alerts = dir.resolve("alerts.jsonl");
        Files.deleteIfExists(alerts);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String open : ADD_OPENS) {
            command.add("--add-opens=" + open + "=ALL-UNNAMED");
        }
        command.addAll(repeated(args, "--jvm"));
        command.add("-Djava.io.tmpdir=" + dir.resolve("tmp").toAbsolutePath());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.watchword.detector.DetectorMain");
        command.add("backtest");
        command.add("--usage");
        command.add(dir.resolve("usage.jsonl.gz").toString());
        command.add("--credentials");
        command.add(dir.resolve("credentials.jsonl.gz").toString());
        command.add("--alerts");
        command.add(alerts.toString());
        if (Files.exists(dir.resolve("control.jsonl"))) {
            command.add("--control");
            command.add(dir.resolve("control.jsonl").toString());
        }
        Files.createDirectories(dir.resolve("tmp"));
        System.out.println(
                "backtest: " + String.join(" ", command.subList(command.indexOf("-cp") + 2, command.size())));
        String loadBefore = loadAverage();
        long backtestStart = System.nanoTime();
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        double backtestSeconds = (System.nanoTime() - backtestStart) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("the backtest exited with " + exit);
        }
        if (!Files.exists(alerts)) {
            throw new IllegalStateException("the backtest wrote no " + alerts);
        }
        List<GroundTruth> labels = Evaluation.readLabels(dir.resolve("labels.jsonl"));
        List<AnomalyDetected> found = Evaluation.readAlerts(alerts);
        Evaluation.Report report = Evaluation.evaluate(labels, found, Evaluation.DEFAULT_GRACE);
        String header = String.format(
                Locale.ROOT,
                "Scenario seed %d, %d keys, %d days, rate scale %.2f, %d per injected type: %,d usage events."
                        + " Backtest (child JVM, start-up included): %.1f s = %,.0f events/s"
                        + " (load average before/after: %s / %s).%n%n",
                options.seed(),
                options.keys(),
                options.days(),
                options.rateScale(),
                options.config().injectedPerType(),
                scenario.usageEvents(),
                backtestSeconds,
                scenario.usageEvents() / backtestSeconds,
                loadBefore,
                loadAverage());
        String md = header + Evaluation.markdown(report);
        Files.writeString(dir.resolve("report.md"), md, StandardCharsets.UTF_8);
        System.out.println(md);
        System.out.printf(
                Locale.ROOT,
                "total %.1f s; report in %s%n",
                (System.nanoTime() - began) / 1e9,
                dir.resolve("report.md"));
    }

    /** The 1-minute load average (Linux), so a throughput figure says how busy the machine was. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static List<String> repeated(String[] args, String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                values.add(args[i + 1]);
            }
        }
        return values;
    }
}
