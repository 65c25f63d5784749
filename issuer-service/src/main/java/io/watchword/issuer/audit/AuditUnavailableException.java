package io.watchword.issuer.audit;

/** The audit trail could not be written; the action is refused rather than left unaudited. */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
