package io.watchword.issuer.credential;

/** A database operation failed; mapped to a 503/500 problem without the SQL details. */
public class DataAccessException extends RuntimeException {

    public DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
