package io.watchword.detector.scenario;

import io.watchword.detector.scenario.Catalogue.Route;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.RefusalReason;
import io.watchword.events.v1.UsageOutcome;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One source of requests on one key (its owner, an attacker, a partner), as a Poisson process whose
 * rate is constant within segments (quarter hours, cut at the stream's breakpoints). Only the next
 * event's time is held, so the generator merges thousands of streams in event-time order in
 * constant memory per stream. Each stream has its own random generator derived from the seed and
 * its ordinal, so its events do not depend on how the merge interleaves them.
 */
abstract class UsageStream {

    static final long QUARTER = 15 * 60_000L;

    final int ordinal;
    final KeyPlan key;
    final SplittableRandom random;
    final long end;
    private final long[] breaks;
    private int nextBreak;
    private long segmentEnd;
    private double rate;
    private boolean startExactly;
    long time;
    long nextAt;

    UsageStream(int ordinal, KeyPlan key, long seed, long start, long end, long[] breaks, boolean startExactly) {
        this.ordinal = ordinal;
        this.key = key;
        this.random = new SplittableRandom(ScenarioGenerator.mix(seed, 0x5EED_0000L + ordinal));
        this.end = end;
        this.breaks = breaks.clone();
        Arrays.sort(this.breaks);
        this.time = start;
        this.segmentEnd = start;
        this.startExactly = startExactly;
    }

    /** Requests per second in the segment starting at {@code time} (constant until the segment ends). */
    abstract double rateAt(long time);

    /** The event at {@code time} (the stream's current {@link #nextAt}). */
    abstract ApiUsageRecorded event(long time);

    /** Whether the events are an injected attacker's. */
    boolean malicious() {
        return false;
    }

    /** Moves to the next event; false when the stream has no more. */
    final boolean advance() {
        if (startExactly) {
            startExactly = false;
            if (time < end) {
                nextAt = time;
                return true;
            }
        }
        while (time < end) {
            if (time >= segmentEnd) {
                segmentEnd = segmentEnd(time);
                rate = rateAt(time);
            }
            if (rate <= 0) {
                time = segmentEnd;
                continue;
            }
            double gapMillis = -Math.log(1 - random.nextDouble()) / rate * 1000.0;
            if (time + gapMillis >= segmentEnd) {
                // Memoryless: restarting the draw at the segment boundary keeps the process exact.
                time = segmentEnd;
                continue;
            }
            time += (long) gapMillis;
            nextAt = time;
            return true;
        }
        return false;
    }

    private long segmentEnd(long from) {
        long next = (Math.floorDiv(from, QUARTER) + 1) * QUARTER;
        while (nextBreak < breaks.length && breaks[nextBreak] <= from) {
            nextBreak++;
        }
        if (nextBreak < breaks.length) {
            next = Math.min(next, breaks[nextBreak]);
        }
        return Math.min(next, end);
    }

    // ---- helpers shared by the kinds of stream

    UUID eventId() {
        return new UUID(
                (random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | Long.MIN_VALUE);
    }

    /** Around {@code mean}, with the long right tail real sizes and latencies have. */
    long around(long mean) {
        if (mean <= 0) {
            return 0;
        }
        return Math.max(0, (long) (mean * Math.exp(0.45 * random.nextGaussian() - 0.1)));
    }

    Route usualRoute() {
        double u = random.nextDouble();
        double[] weights = key.usualWeights;
        for (int i = 0; i < weights.length; i++) {
            if (u < weights[i]) {
                return key.usual.get(i);
            }
        }
        return key.usual.get(key.usual.size() - 1);
    }

    ApiUsageRecorded accepted(
            long time, String credentialId, Route route, int status, String ip, String agent, double sizeFactor) {
        long response = status >= 400 ? around(180) : around((long) (route.responseBytes() * sizeFactor));
        long request = route.requestBytes() == 0 ? 0 : around(route.requestBytes());
        long latency = around(status == 503 ? 5_000 : route.latencyMicros());
        return new ApiUsageRecorded(
                eventId(),
                Instant.ofEpochMilli(time),
                key.tenant.id,
                credentialId,
                route.service(),
                route.method(),
                route.template(),
                status,
                latency,
                ip,
                agent,
                request,
                response,
                UsageOutcome.ACCEPTED,
                null,
                null);
    }

    ApiUsageRecorded refused(
            long time, String credentialId, Route route, RefusalReason reason, String ip, String agent) {
        int status =
                reason == RefusalReason.INSUFFICIENT_SCOPE || reason == RefusalReason.SOURCE_NOT_ALLOWED ? 403 : 401;
        return new ApiUsageRecorded(
                eventId(),
                Instant.ofEpochMilli(time),
                key.tenant.id,
                credentialId,
                route.service(),
                route.method(),
                route.template(),
                status,
                around(900),
                ip,
                agent,
                route.requestBytes() == 0 ? 0 : around(route.requestBytes()),
                around(230),
                UsageOutcome.REFUSED,
                reason,
                null);
    }

    /** The usual status of a request that got through: mostly success, a few misses and errors. */
    int ordinaryStatus(Route route, long time) {
        if (key.tenant.inIncident(time) && random.nextDouble() < 0.7) {
            return 503;
        }
        double u = random.nextDouble();
        if (route.hasId() && u < 0.01) {
            return 404;
        }
        if (u > 0.998) {
            return 500;
        }
        if (u > 0.996) {
            return 400;
        }
        return route.method().equals("POST") ? 201 : route.method().equals("DELETE") ? 204 : 200;
    }

    int localHour(long time) {
        return (int) Math.floorMod(key.tenant.localMillis(time) / 3_600_000L, 24);
    }

    double localHourFraction(long time) {
        return Math.floorMod(key.tenant.localMillis(time), 86_400_000L) / 3_600_000.0;
    }

    /** Monday is 0. */
    int localDayOfWeek(long time) {
        return (int) Math.floorMod(Math.floorDiv(key.tenant.localMillis(time), 86_400_000L) + 3, 7);
    }
}
