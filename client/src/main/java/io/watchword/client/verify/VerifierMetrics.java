package io.watchword.client.verify;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the verifier, cheap enough to bump on every request. Export them as you like. */
public final class VerifierMetrics {

    final LongAdder verified = new LongAdder();
    final LongAdder verifiedWhileStale = new LongAdder();
    final LongAdder tokenCacheHits = new LongAdder();
    final LongAdder signatureChecks = new LongAdder();
    final LongAdder keyCacheHits = new LongAdder();
    final LongAdder introspections = new LongAdder();
    private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);

    public VerifierMetrics() {
        for (Refusal refusal : Refusal.values()) {
            refused.put(refusal, new LongAdder());
        }
    }

    void countRefusal(Refusal refusal) {
        refused.get(refusal).increment();
    }

    public long verified() {
        return verified.sum();
    }

    /** Accepted while the feed was stale in {@link FailMode#OPEN}: each one a risk taken. */
    public long verifiedWhileStale() {
        return verifiedWhileStale.sum();
    }

    public long refused(Refusal reason) {
        return refused.get(reason).sum();
    }

    /** Refusals by reason (every reason present, zero or not). */
    public Map<Refusal, Long> refusedByReason() {
        Map<Refusal, Long> snapshot = new EnumMap<>(Refusal.class);
        refused.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }

    public long tokenCacheHits() {
        return tokenCacheHits.sum();
    }

    public long signatureChecks() {
        return signatureChecks.sum();
    }

    public long keyCacheHits() {
        return keyCacheHits.sum();
    }

    public long introspections() {
        return introspections.sum();
    }
}
