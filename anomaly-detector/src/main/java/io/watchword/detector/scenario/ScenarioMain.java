package io.watchword.detector.scenario;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes a scenario:
 *
 * <pre>
 * java -cp anomaly-detector.jar io.watchword.detector.scenario.ScenarioMain \
 *     --seed 42 --keys 5000 --days 14 --out target/scenario/ [--rate-scale 1.0] [--per-type N] [--start 2026-11-02T00:00:00Z]
 * </pre>
 *
 * producing {@code usage.jsonl.gz}, {@code credentials.jsonl.gz}, {@code control.jsonl} (announced
 * changes, for the backtest's {@code --control}) and {@code labels.jsonl}.
 */
public final class ScenarioMain {

    private ScenarioMain() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        ScenarioConfig config = options.config();
        ScenarioGenerator.Summary summary = new ScenarioGenerator(config).writeTo(options.out);
        System.out.printf(
                Locale.ROOT,
                "scenario seed=%d keys=%d days=%d: %,d usage events, %,d credential events, %,d credential ids"
                        + " (%d compromised, %d look-alikes) in %.1f s (%,.0f events/s) -> %s%n",
                config.seed(),
                config.keys(),
                config.days(),
                summary.usageEvents(),
                summary.credentialEvents(),
                summary.credentials(),
                summary.compromised(),
                summary.lookAlikes(),
                summary.millis() / 1000.0,
                summary.usageEvents() * 1000.0 / Math.max(1, summary.millis()),
                options.out.toAbsolutePath());
    }

    /** The generator's command-line options (also used by the evaluation's {@code run}). */
    public record Options(long seed, int keys, int days, Instant start, double rateScale, Integer perType, Path out) {

        public ScenarioConfig config() {
            int injected = perType == null ? ScenarioConfig.defaultInjectedPerType(keys) : perType;
            return new ScenarioConfig(seed, keys, days, start, rateScale, injected);
        }

        public static Options parse(String[] args) {
            long seed = 42;
            int keys = 2000;
            int days = 14;
            Instant start = ScenarioConfig.DEFAULT_START;
            double rateScale = 1.0;
            Integer perType = null;
            Path out = Path.of("target/scenario");
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--seed" -> seed = Long.parseLong(need(args[i], value));
                    case "--keys" -> keys = Integer.parseInt(need(args[i], value));
                    case "--days" -> days = Integer.parseInt(need(args[i], value));
                    case "--start" -> start = Instant.parse(need(args[i], value));
                    case "--rate-scale" -> rateScale = Double.parseDouble(need(args[i], value));
                    case "--per-type" -> perType = Integer.parseInt(need(args[i], value));
                    case "--out" -> out = Path.of(need(args[i], value));
                    default -> {
                        continue;
                    }
                }
                i++;
            }
            return new Options(seed, keys, days, start, rateScale, perType, out);
        }

        private static String need(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
