package io.watchword.analytics.alert;

/** A record that can never be stored (malformed, wrong type, missing or unusable fields). */
public class RejectedAlertRecordException extends RuntimeException {

    public RejectedAlertRecordException(String reason) {
        super(reason, null, false, false);
    }
}
