package io.watchword.client.verify;

import io.watchword.client.revocation.FeedState;
import java.time.Clock;

/** A feed state tests control: ready and in contact "now" unless told otherwise. */
final class FakeFeed implements FeedState {

    private final Clock clock;
    volatile boolean ready = true;
    volatile long lastContact;

    FakeFeed(Clock clock) {
        this.clock = clock;
        this.lastContact = clock.millis();
    }

    void contactNow() {
        lastContact = clock.millis();
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public long lastContactMillis() {
        return lastContact;
    }

    @Override
    public long lagRecords() {
        return 0;
    }
}
