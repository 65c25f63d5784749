package io.watchword.issuer.token.crypto;

/** A stored private key could not be decrypted with any configured master key. */
public class KeyEncryptionException extends RuntimeException {

    public KeyEncryptionException(String message) {
        super(message);
    }

    public KeyEncryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
