package io.watchword.issuer.token.signing;

/** The signing-key table could not be read or written. */
public class SigningKeyStoreException extends RuntimeException {

    public SigningKeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
