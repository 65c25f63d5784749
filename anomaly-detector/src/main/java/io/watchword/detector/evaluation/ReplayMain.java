package io.watchword.detector.evaluation;

import io.watchword.detector.DetectorConfig;
import io.watchword.detector.baseline.Detectors;
import io.watchword.detector.baseline.KeyProfile;
import io.watchword.detector.baseline.TenantProfile;
import io.watchword.detector.baseline.Thresholds;
import io.watchword.detector.io.ControlRules;
import io.watchword.detector.io.RecordParser;
import io.watchword.detector.model.AlertOut;
import io.watchword.detector.model.ControlRule;
import io.watchword.detector.model.Parsed;
import io.watchword.detector.model.Usage;
import io.watchword.events.v1.AnomalyDetected;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A tuning aid, not the figure of record: replays a scenario folder through the same detector code
 * as the job ({@link TenantProfile#annotate}, the control rules, {@link Detectors}) in one thread, in
 * event-time order (credential records before usage at the same millisecond), without Flink. What
 * it leaves out: watermarks and the correlation-window timer (findings expire on the key's next
 * event instead, which gives the same alerts), parallel interleaving, state TTL. Takes seconds where
 * the backtest takes minutes on a loaded machine; the figures of record come from the backtest
 * ({@code EvaluationMain run}), which must agree.
 *
 * <pre>
 * java -cp target/anomaly-detector.jar io.watchword.detector.evaluation.ReplayMain \
 *     --dir target/evaluation-42 [--out report-replay.md] [--alerts alerts-replay.jsonl] [--name value]...
 * </pre>
 *
 * Any other {@code --name value} overrides a detector setting, as for the job.
 */
public final class ReplayMain {
    private ReplayMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = null;
        Path out = null;
        Path alertsOut = null;
        Properties overrides = new Properties();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--alerts" -> alertsOut = Path.of(args[i + 1]);
                default -> overrides.setProperty(DetectorConfig.PREFIX + args[i].substring(2), args[i + 1]);
            }
        }
        if (dir == null) {
            System.err.println(
                    "usage: ReplayMain --dir SCENARIO [--out report.md] [--alerts A.jsonl] [--name value]...");
            System.exit(2);
        }
        Thresholds t = Thresholds.from(DetectorConfig.load(overrides));
        List<AnomalyDetected> alerts = replay(dir, t);
        if (alertsOut != null) {
            try (BufferedWriter w = Files.newBufferedWriter(alertsOut, StandardCharsets.UTF_8)) {
                for (AnomalyDetected a : alerts) {
                    w.write(AlertOut.of(a).json);
                    w.newLine();
                }
            }
        }
        Evaluation.Report report = Evaluation.evaluate(
                Evaluation.readLabels(dir.resolve("labels.jsonl")), alerts, Evaluation.DEFAULT_GRACE);
        String md = Evaluation.markdown(report);
        if (out != null) {
            Files.writeString(out, md, StandardCharsets.UTF_8);
        } else {
            System.out.println(md);
        }
    }

    /** The alerts the job would raise over the scenario in {@code dir}, in the order it raises them. */
    public static List<AnomalyDetected> replay(Path dir, Thresholds t) throws IOException {
        List<ControlRule> rules = new ArrayList<>();
        Path control = dir.resolve("control.jsonl");
        if (Files.exists(control)) {
            Map<String, ControlRule> byId = new LinkedHashMap<>();
            for (String line : Files.readAllLines(control, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                ControlRule r = ControlRules.parse(line);
                if (r == null || r.dead != null) {
                    continue;
                }
                if (r.withdrawn) {
                    byId.remove(r.ruleId);
                } else {
                    byId.put(r.ruleId, r);
                }
            }
            rules.addAll(byId.values());
        }
        Map<String, TenantProfile> tenants = new HashMap<>();
        Map<String, KeyProfile> keys = new HashMap<>();
        Map<String, Thresholds> perOverrides = new HashMap<>();
        List<AnomalyDetected> alerts = new ArrayList<>();
        try (BufferedReader usage = reader(dir.resolve("usage.jsonl.gz"));
                BufferedReader creds = reader(dir.resolve("credentials.jsonl.gz"))) {
            Parsed nextU = next(usage, true);
            Parsed nextC = next(creds, false);
            while (nextU != null || nextC != null) {
                if (nextC != null && (nextU == null || nextC.ts <= nextU.ts)) {
                    KeyProfile p = keys.computeIfAbsent(nextC.credential.key, k -> new KeyProfile());
                    Detectors.onCredential(p, nextC.credential);
                    nextC = next(creds, false);
                    continue;
                }
                Usage u = nextU.usage;
                tenants.computeIfAbsent(u.tenantKey(), k -> new TenantProfile()).annotate(u);
                Map<String, String> over = null;
                for (ControlRule r : rules) {
                    if (!r.covers(u)) {
                        continue;
                    }
                    if (r.overrides == null || r.overrides.isEmpty()) {
                        u.announced = true;
                    } else {
                        if (over == null) {
                            over = new TreeMap<>();
                        }
                        over.putAll(r.overrides);
                    }
                }
                Thresholds th = t;
                if (over != null) {
                    Map<String, String> o = over;
                    th = perOverrides.computeIfAbsent(o.toString(), x -> t.withOverrides(o));
                }
                KeyProfile p = keys.computeIfAbsent(u.key, k -> new KeyProfile());
                AnomalyDetected a = Detectors.onUsage(p, u, th, u.announced);
                if (a != null) {
                    alerts.add(a);
                }
                nextU = next(usage, true);
            }
        }
        return alerts;
    }

    private static Parsed next(BufferedReader in, boolean usage) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            Parsed p = RecordParser.fromLine(line, usage, usage ? "usage" : "credentials");
            if (p != null && p.dead == null) {
                return p;
            }
        }
        return null;
    }

    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8),
                1 << 16);
    }
}
