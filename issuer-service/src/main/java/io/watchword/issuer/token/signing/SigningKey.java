package io.watchword.issuer.token.signing;

import io.watchword.issuer.token.crypto.Ed25519Signer;
import io.watchword.issuer.token.jwt.AccessTokenCodec;

/** The key this instance signs with, with its encoded JWS header computed once. */
public record SigningKey(String kid, Ed25519Signer signer, String encodedHeader) {

    public static SigningKey of(String kid, Ed25519Signer signer) {
        return new SigningKey(kid, signer, AccessTokenCodec.encodedHeader(kid));
    }
}
