package io.watchword.core.follow;

/**
 * Thrown by a {@link CompactedTopicFollower.RecordHandler} for a record it cannot apply: the
 * follower dead-letters the record with this message as the reason and moves on.
 */
public class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String message) {
        super(message);
    }

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
