package io.watchword.client.revocation;

/** What the verifier needs to know about the followed topics to decide whether it can trust them. */
public interface FeedState {

    /** The topics were read to the end once. */
    boolean isReady();

    /** Epoch millis of the last successful exchange with the broker; 0 if none yet. */
    long lastContactMillis();

    /** Records behind the end of the topics at the last contact; -1 if unknown. */
    long lagRecords();

    /** Ready when all are; contact as old as the oldest; lag summed. */
    static FeedState allOf(FeedState... feeds) {
        return new FeedState() {
            @Override
            public boolean isReady() {
                for (FeedState feed : feeds) {
                    if (!feed.isReady()) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public long lastContactMillis() {
                long oldest = Long.MAX_VALUE;
                for (FeedState feed : feeds) {
                    oldest = Math.min(oldest, feed.lastContactMillis());
                }
                return feeds.length == 0 ? 0 : oldest;
            }

            @Override
            public long lagRecords() {
                long sum = 0;
                for (FeedState feed : feeds) {
                    if (feed.lagRecords() < 0) {
                        return -1;
                    }
                    sum += feed.lagRecords();
                }
                return sum;
            }
        };
    }
}
