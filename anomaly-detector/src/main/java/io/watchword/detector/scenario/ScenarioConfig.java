package io.watchword.detector.scenario;

import java.time.Instant;

/**
 * What to generate.
 *
 * @param seed everything (ids, addresses, times) follows from it: the same config gives the same
 *     bytes
 * @param keys number of credentials at the start of the window (rotations add replacement ids)
 * @param days length of the window
 * @param start start of the window (a Monday at 00:00 UTC by default)
 * @param rateScale multiplies every owner's request rate (attacks keep their own pace), to size a
 *     run: 1.0 gives about 450 events per key-day
 * @param injectedPerType keys per compromise type, and per look-alike type
 */
public record ScenarioConfig(long seed, int keys, int days, Instant start, double rateScale, int injectedPerType) {

    public static final Instant DEFAULT_START = Instant.parse("2026-11-02T00:00:00Z");

    public ScenarioConfig {
        if (keys < 1 || days < 1) {
            throw new IllegalArgumentException("keys and days must be at least 1");
        }
        if (!(rateScale > 0)) {
            throw new IllegalArgumentException("rateScale must be positive");
        }
        if (injectedPerType < 0) {
            throw new IllegalArgumentException("injectedPerType must not be negative");
        }
    }

    /** The defaults for a seed, a size and a length: 1 in 200 keys per injected type, at least 3. */
    public static ScenarioConfig of(long seed, int keys, int days) {
        return new ScenarioConfig(seed, keys, days, DEFAULT_START, 1.0, defaultInjectedPerType(keys));
    }

    public static int defaultInjectedPerType(int keys) {
        return Math.min(Math.max(3, keys / 200), Math.max(0, keys / 30));
    }

    public Instant end() {
        return start.plusSeconds(86_400L * days);
    }
}
