package io.watchword.core.follow;

/** What a reader of followed state needs to know to decide whether it can trust it (fail-closed). */
public interface FollowerState {

    /** The topic was read once up to the end offsets captured when following started. */
    boolean isBootstrapped();

    /** Epoch millis of the last successful exchange with the broker; 0 if none yet. */
    long lastContactMillis();

    /** Records behind the end of the topic at the last contact; -1 before the first one. */
    long lagRecords();
}
