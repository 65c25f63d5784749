package io.watchword.client.revocation;

/** What the verifier needs to know about the revocation feed to decide whether it can be trusted. */
public interface FeedState {

    /** The revocations were read to the end once. */
    boolean isReady();

    /** Epoch millis of the last successful exchange with the broker; 0 if none yet. */
    long lastContactMillis();

    /** Records behind the end of the topic at the last contact; -1 if unknown. */
    long lagRecords();
}
