package io.watchword.kit.outbox;

/** The outbox could not be written: the caller's transaction must roll back. */
public class OutboxException extends RuntimeException {

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
