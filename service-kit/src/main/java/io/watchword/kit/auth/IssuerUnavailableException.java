package io.watchword.kit.auth;

/** The issuer could not be asked (not configured, down, or answered with an error): a 503. */
public class IssuerUnavailableException extends RuntimeException {

    public IssuerUnavailableException(String message) {
        super(message);
    }

    public IssuerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
