package io.watchword.detector.evaluation;

import io.watchword.detector.scenario.Behaviour;
import io.watchword.detector.scenario.CompromiseType;
import io.watchword.detector.scenario.GroundTruth;
import io.watchword.detector.scenario.LabelKind;
import io.watchword.detector.scenario.LookAlikeType;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.DetectorFinding;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Scores a detector's alerts against a scenario's ground truth.
 *
 * <p>Definitions (also in docs/detection.md):
 *
 * <ul>
 *   <li>An alert on a compromised key at or after its first malicious event is <b>true</b>; every
 *       other alert (on a benign or look-alike key, or on a compromised key before its compromise)
 *       is <b>false</b>.
 *   <li>A compromised key is <b>detected</b> if an alert on it falls between its first malicious
 *       event and {@code grace} after its last one. <b>Recall</b> = detected keys / keys of the type.
 *   <li><b>Delay</b> = event time of that first alert minus the first malicious event's time.
 *   <li><b>Precision</b> of a type = its true alerts / (its true alerts + every false alert of the
 *       run): a SOC sees all false alerts whatever it hunts, so this is the share of pages worth
 *       having for that type at this scenario's mix.
 *   <li><b>Benign key-days</b>: each key's days in the window while it was not compromised.
 * </ul>
 */
public final class Evaluation {

    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    private static final double DAY_SECONDS = 86_400.0;

    private Evaluation() {}

    /** One compromise type's figures. */
    public record TypeResult(
            CompromiseType type,
            int keys,
            int detected,
            long trueAlerts,
            long falseAlertsBeforeCompromise,
            double recall,
            double precision,
            Duration medianDelay,
            Duration p90Delay,
            Map<String, Integer> detectors) {}

    /** One look-alike type: how many of its keys were flagged after the change began. */
    public record LookAlikeResult(
            LookAlikeType type, int keys, int flagged, long alerts, int announced, int announcedFlagged) {}

    /** False alerts on keys that were never compromised, by the owner's behaviour. */
    public record BehaviourResult(Behaviour behaviour, int keys, double keyDays, long falseAlerts) {}

    /** Everything measured. */
    public record Report(
            List<TypeResult> types,
            List<LookAlikeResult> lookAlikes,
            List<BehaviourResult> behaviours,
            Map<String, Long> falseAlertsByChange,
            long alerts,
            long trueAlerts,
            long falseAlerts,
            long falseAlertsOnLookAlikes,
            long alertsOnUnknownKeys,
            double benignKeyDays,
            double lookAlikeKeyDays,
            long falseAlertKeyDays,
            int compromisedKeys,
            int detectedKeys,
            Duration medianDelay,
            Duration p90Delay) {

        /** False alerts (look-alikes included: they are benign) per 1,000 benign key-days. */
        public double falseAlertsPerThousandKeyDays() {
            return benignKeyDays == 0 ? 0 : falseAlerts * 1000.0 / benignKeyDays;
        }

        /** Share of benign key-days with at least one false alert: a per-key-day false-positive rate. */
        public double falsePositiveRatePerKeyDay() {
            return benignKeyDays == 0 ? 0 : falseAlertKeyDays / benignKeyDays;
        }

        public double recall() {
            return compromisedKeys == 0 ? 0 : detectedKeys / (double) compromisedKeys;
        }

        public double precision() {
            return alerts == 0 ? 0 : trueAlerts / (double) (trueAlerts + falseAlerts);
        }
    }

    public static Report evaluate(Collection<GroundTruth> labels, Collection<AnomalyDetected> alerts, Duration grace) {
        Map<String, GroundTruth> byKey = new HashMap<>();
        for (GroundTruth label : labels) {
            byKey.put(label.credentialId(), label);
        }
        Map<String, List<AnomalyDetected>> alertsByKey = new HashMap<>();
        Set<java.util.UUID> seen = new java.util.HashSet<>();
        long unknown = 0;
        long total = 0;
        for (AnomalyDetected alert : alerts) {
            if (!seen.add(alert.eventId())) {
                continue; // a redelivered alert is the same alert (its id is deterministic)
            }
            total++;
            if (!byKey.containsKey(alert.credentialId())) {
                unknown++;
            }
            alertsByKey
                    .computeIfAbsent(alert.credentialId(), k -> new ArrayList<>())
                    .add(alert);
        }
        alertsByKey.values().forEach(list -> list.sort(Comparator.comparing(AnomalyDetected::occurredAt)));

        Map<CompromiseType, List<Duration>> delays = new EnumMap<>(CompromiseType.class);
        Map<CompromiseType, int[]> counts = new EnumMap<>(CompromiseType.class); // keys, detected
        Map<CompromiseType, long[]> alertCounts = new EnumMap<>(CompromiseType.class); // true, false before
        Map<CompromiseType, Map<String, Integer>> detectors = new EnumMap<>(CompromiseType.class);
        Map<LookAlikeType, long[]> lookAlikes = new EnumMap<>(LookAlikeType.class); // keys, flagged, alerts
        Map<Behaviour, double[]> behaviours = new EnumMap<>(Behaviour.class); // keys, key-days, false alerts
        Map<String, Long> byChange = new TreeMap<>();
        long trueAlerts = 0;
        long falseAlerts = unknown;
        long falseOnLookAlikes = 0;
        double benignKeyDays = 0;
        double lookAlikeKeyDays = 0;
        long falseAlertKeyDays = 0;
        List<Duration> allDelays = new ArrayList<>();

        for (GroundTruth label : labels) {
            List<AnomalyDetected> keyAlerts = alertsByKey.getOrDefault(label.credentialId(), List.of());
            if (label.kind() == LabelKind.COMPROMISE) {
                CompromiseType type = CompromiseType.valueOf(label.type());
                Instant first = label.firstMaliciousAt();
                Instant until = label.lastMaliciousAt().plus(grace);
                int[] c = counts.computeIfAbsent(type, t -> new int[2]);
                long[] a = alertCounts.computeIfAbsent(type, t -> new long[2]);
                c[0]++;
                benignKeyDays += days(label.activeFrom(), first);
                AnomalyDetected firstHit = null;
                Set<Long> falseDays = new java.util.HashSet<>();
                for (AnomalyDetected alert : keyAlerts) {
                    if (alert.occurredAt().isBefore(first)) {
                        a[1]++;
                        falseAlerts++;
                        falseDays.add(dayIndex(label.activeFrom(), alert.occurredAt()));
                    } else {
                        a[0]++;
                        trueAlerts++;
                        if (firstHit == null && !alert.occurredAt().isAfter(until)) {
                            firstHit = alert;
                        }
                    }
                }
                falseAlertKeyDays += falseDays.size();
                if (firstHit != null) {
                    c[1]++;
                    Duration delay = Duration.between(first, firstHit.occurredAt());
                    delays.computeIfAbsent(type, t -> new ArrayList<>()).add(delay);
                    allDelays.add(delay);
                    Map<String, Integer> names = detectors.computeIfAbsent(type, t -> new TreeMap<>());
                    for (String name : detectorNames(firstHit)) {
                        names.merge(name, 1, Integer::sum);
                    }
                }
            } else {
                double keyDays = days(label.activeFrom(), label.activeUntil());
                benignKeyDays += keyDays;
                falseAlerts += keyAlerts.size();
                falseAlertKeyDays += keyAlerts.stream()
                        .map(alert -> dayIndex(label.activeFrom(), alert.occurredAt()))
                        .distinct()
                        .count();
                for (String change : label.changes()) {
                    if (!keyAlerts.isEmpty() && label.kind() == LabelKind.BENIGN) {
                        byChange.merge(change, (long) keyAlerts.size(), Long::sum);
                    }
                }
                if (label.kind() == LabelKind.LOOK_ALIKE) {
                    lookAlikeKeyDays += keyDays;
                    falseOnLookAlikes += keyAlerts.size();
                    long[] l = lookAlikes.computeIfAbsent(LookAlikeType.valueOf(label.type()), t -> new long[5]);
                    l[0]++;
                    long after = keyAlerts.stream()
                            .filter(alert -> !alert.occurredAt().isBefore(label.changeAt()))
                            .count();
                    l[1] += after > 0 ? 1 : 0;
                    l[2] += after;
                    if (label.changes().contains("announced")) {
                        l[3]++;
                        l[4] += after > 0 ? 1 : 0;
                    }
                } else {
                    double[] b = behaviours.computeIfAbsent(label.behaviour(), t -> new double[3]);
                    b[0]++;
                    b[1] += keyDays;
                    b[2] += keyAlerts.size();
                }
            }
        }

        List<TypeResult> types = new ArrayList<>();
        int compromised = 0;
        int detected = 0;
        for (CompromiseType type : CompromiseType.values()) {
            int[] c = counts.get(type);
            if (c == null) {
                continue;
            }
            long[] a = alertCounts.get(type);
            List<Duration> d = delays.getOrDefault(type, List.of());
            compromised += c[0];
            detected += c[1];
            types.add(new TypeResult(
                    type,
                    c[0],
                    c[1],
                    a[0],
                    a[1],
                    c[1] / (double) c[0],
                    a[0] == 0 ? 0 : a[0] / (double) (a[0] + falseAlerts),
                    percentile(d, 0.5),
                    percentile(d, 0.9),
                    detectors.getOrDefault(type, Map.of())));
        }
        List<LookAlikeResult> lookAlikeResults = new ArrayList<>();
        lookAlikes.forEach((type, l) ->
                lookAlikeResults.add(new LookAlikeResult(type, (int) l[0], (int) l[1], l[2], (int) l[3], (int) l[4])));
        List<BehaviourResult> behaviourResults = new ArrayList<>();
        behaviours.forEach((b, v) -> behaviourResults.add(new BehaviourResult(b, (int) v[0], v[1], (long) v[2])));
        return new Report(
                types,
                lookAlikeResults,
                behaviourResults,
                byChange,
                total,
                trueAlerts,
                falseAlerts,
                falseOnLookAlikes,
                unknown,
                benignKeyDays,
                lookAlikeKeyDays,
                falseAlertKeyDays,
                compromised,
                detected,
                percentile(allDelays, 0.5),
                percentile(allDelays, 0.9));
    }

    private static Set<String> detectorNames(AnomalyDetected alert) {
        Set<String> names = new LinkedHashSet<>();
        for (DetectorFinding finding : alert.findings()) {
            if (finding.detector() != null) {
                names.add(finding.detector());
            }
        }
        if (names.isEmpty() && alert.detector() != null) {
            names.add(alert.detector());
        }
        return names;
    }

    private static long dayIndex(Instant from, Instant at) {
        return Math.floorDiv(Duration.between(from, at).toMillis(), 86_400_000L);
    }

    private static double days(Instant from, Instant until) {
        return Math.max(0, Duration.between(from, until).toMillis() / 1000.0 / DAY_SECONDS);
    }

    /** Nearest-rank percentile; null when there is nothing to rank. */
    static Duration percentile(List<Duration> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    // ------------------------------------------------------------------ reading the files

    public static List<GroundTruth> readLabels(Path file) throws IOException {
        List<GroundTruth> labels = new ArrayList<>();
        try (BufferedReader in = reader(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    labels.add(EventSerde.mapper().readValue(line, GroundTruth.class));
                }
            }
        }
        return labels;
    }

    /** The backtest's alerts: one {@code AnomalyDetected} JSON per line (gzip if the name ends in .gz). */
    public static List<AnomalyDetected> readAlerts(Path file) throws IOException {
        List<AnomalyDetected> alerts = new ArrayList<>();
        try (BufferedReader in = reader(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    alerts.add(EventSerde.deserialize(line.getBytes(StandardCharsets.UTF_8), AnomalyDetected.class));
                }
            }
        }
        return alerts;
    }

    private static BufferedReader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    // ------------------------------------------------------------------ Markdown

    /** The report as Markdown tables, with the targets of issue 9 marked met or not. */
    public static String markdown(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("| Compromise type | keys | detected | recall | precision | true alerts | false alerts before"
                + " compromise | median delay | p90 delay | detectors on the first alert |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (TypeResult t : report.types()) {
            md.append("| ")
                    .append(t.type())
                    .append(" | ")
                    .append(t.keys())
                    .append(" | ")
                    .append(t.detected())
                    .append(" | ")
                    .append(fixed(t.recall()))
                    .append(" | ")
                    .append(fixed(t.precision()))
                    .append(" | ")
                    .append(t.trueAlerts())
                    .append(" | ")
                    .append(t.falseAlertsBeforeCompromise())
                    .append(" | ")
                    .append(duration(t.medianDelay()))
                    .append(" | ")
                    .append(duration(t.p90Delay()))
                    .append(" | ")
                    .append(detectors(t.detectors()))
                    .append(" |\n");
        }
        md.append("| **all** | ")
                .append(report.compromisedKeys())
                .append(" | ")
                .append(report.detectedKeys())
                .append(" | ")
                .append(fixed(report.recall()))
                .append(" | ")
                .append(fixed(report.precision()))
                .append(" | ")
                .append(report.trueAlerts())
                .append(" | | ")
                .append(duration(report.medianDelay()))
                .append(" | ")
                .append(duration(report.p90Delay()))
                .append(" | |\n\n");

        md.append(String.format(
                java.util.Locale.ROOT,
                "Alerts: %d (%d true, %d false, of which %d on look-alike keys and %d on ids not in the labels)."
                        + " Benign key-days: %.1f. **False alerts per 1,000 benign key-days: %.2f**"
                        + " (look-alike keys excluded: %.2f). Benign key-days with a false alert: %d = %.2f %%"
                        + " (a per-key-day false-positive rate).%n%n",
                report.alerts(),
                report.trueAlerts(),
                report.falseAlerts(),
                report.falseAlertsOnLookAlikes(),
                report.alertsOnUnknownKeys(),
                report.benignKeyDays(),
                report.falseAlertsPerThousandKeyDays(),
                perThousand(
                        report.falseAlerts() - report.falseAlertsOnLookAlikes(),
                        report.benignKeyDays() - report.lookAlikeKeyDays()),
                report.falseAlertKeyDays(),
                100 * report.falsePositiveRatePerKeyDay()));

        md.append("| Look-alike (benign) | keys | keys flagged after the change | alerts | announced keys"
                + " | announced keys flagged |\n|---|---:|---:|---:|---:|---:|\n");
        for (LookAlikeResult l : report.lookAlikes()) {
            md.append("| ")
                    .append(l.type())
                    .append(" | ")
                    .append(l.keys())
                    .append(" | ")
                    .append(l.flagged())
                    .append(" | ")
                    .append(l.alerts())
                    .append(" | ")
                    .append(l.announced())
                    .append(" | ")
                    .append(l.announcedFlagged())
                    .append(" |\n");
        }
        md.append("\n| Benign behaviour | keys | key-days | false alerts | per 1,000 key-days |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (BehaviourResult b : report.behaviours()) {
            md.append("| ")
                    .append(b.behaviour())
                    .append(" | ")
                    .append(b.keys())
                    .append(" | ")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", b.keyDays()))
                    .append(" | ")
                    .append(b.falseAlerts())
                    .append(" | ")
                    .append(fixed(perThousand(b.falseAlerts(), b.keyDays())))
                    .append(" |\n");
        }
        if (!report.falseAlertsByChange().isEmpty()) {
            md.append("\nFalse alerts on benign keys touched by a background change (a key may have several): ");
            List<String> parts = new ArrayList<>();
            report.falseAlertsByChange().forEach((change, n) -> parts.add(change + " " + n));
            md.append(String.join(", ", parts)).append(".\n");
        }
        md.append("\n| Target (issue 9) | goal | measured | met |\n|---|---|---|---|\n");
        boolean recallMet = report.types().stream().allMatch(t -> t.recall() >= 0.95);
        md.append("| recall, every compromise type | ≥ 0.95 | ")
                .append(fixed(minRecall(report)))
                .append(" (lowest type) | ")
                .append(recallMet ? "yes" : "no")
                .append(" |\n");
        double fa = report.falseAlertsPerThousandKeyDays();
        md.append("| false alerts per 1,000 benign key-days | ≤ 1 | ")
                .append(fixed(fa))
                .append(" | ")
                .append(fa <= 1 ? "yes" : "no")
                .append(" |\n");
        Duration median = report.medianDelay();
        boolean delayMet = median != null && median.compareTo(Duration.ofSeconds(30)) <= 0;
        md.append("| median detection delay | ≤ 30 s | ")
                .append(duration(median))
                .append(" | ")
                .append(delayMet ? "yes" : "no")
                .append(" |\n");
        return md.toString();
    }

    private static double minRecall(Report report) {
        return report.types().stream().mapToDouble(TypeResult::recall).min().orElse(0);
    }

    private static double perThousand(long n, double keyDays) {
        return keyDays <= 0 ? 0 : n * 1000.0 / keyDays;
    }

    private static String fixed(double value) {
        return String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    static String duration(Duration d) {
        if (d == null) {
            return "–";
        }
        double seconds = d.toMillis() / 1000.0;
        if (seconds < 120) {
            return String.format(java.util.Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(java.util.Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600);
    }

    private static String detectors(Map<String, Integer> names) {
        if (names.isEmpty()) {
            return "";
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        names.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        List<String> parts = new ArrayList<>();
        sorted.forEach((name, n) -> parts.add(name + " " + n));
        return String.join(", ", parts);
    }
}
