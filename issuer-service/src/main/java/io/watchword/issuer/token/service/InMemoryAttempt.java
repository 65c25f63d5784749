package io.watchword.issuer.token.service;

import io.watchword.events.v1.AuditRecorded;
import java.util.ArrayList;
import java.util.List;

/**
 * One token request tried on the event loop (decision 0281): everything it needs must already be
 * in memory. Its audit records are gathered here instead of being awaited, and the answer is sent
 * once they are durable; a lookup that would need the database ends the attempt with {@link
 * WouldBlock} before anything was recorded, and the request runs again, blocking, on a worker.
 */
public final class InMemoryAttempt {

    private final List<AuditRecorded> records = new ArrayList<>(2);

    void record(AuditRecorded event) {
        records.add(event);
    }

    /**
     * Ends the attempt: the request needs the database.
     *
     * @throws IllegalStateException if a record was already gathered (running the request again
     *     would write it twice)
     */
    WouldBlock needsDatabase() {
        if (!records.isEmpty()) {
            throw new IllegalStateException("an in-memory attempt needed the database after it recorded an audit");
        }
        return WouldBlock.INSTANCE;
    }

    /** The audit records of the attempt, in the order the blocking path would have written them. */
    public List<AuditRecorded> records() {
        return records;
    }

    /**
     * The attempt needs the database. Thrown only before the first audit record, so that running
     * the request again from the start on a worker records nothing twice.
     */
    public static final class WouldBlock extends RuntimeException {

        private static final WouldBlock INSTANCE = new WouldBlock();

        private WouldBlock() {
            // A control-flow signal: no stack trace to fill on every cache miss.
            super("the request needs the database", null, false, false);
        }
    }
}
