package io.watchword.issuer.token.jwt;

/** A compact JWS that is malformed, signed by an unknown key or whose signature does not verify. */
public class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
