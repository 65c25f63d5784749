package io.watchword.revocation.kafka;

/** A record that failed every attempt; dead-lettered with the last failure as its reason. */
public class RetriesExhaustedException extends RuntimeException {

    public RetriesExhaustedException(int attempts, Throwable last) {
        super(
                "gave up after " + attempts + " attempts: "
                        + (last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage()),
                last,
                false,
                false);
    }
}
