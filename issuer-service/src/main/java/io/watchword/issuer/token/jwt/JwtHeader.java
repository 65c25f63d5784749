package io.watchword.issuer.token.jwt;

/** The protected header of a Watchword access token. */
public record JwtHeader(String algorithm, String keyId, String type) {

    public static final String ALG_EDDSA = "EdDSA";
    /** RFC 9068 §2.1: marks the JWT as an OAuth 2.0 access token, not an ID token. */
    public static final String TYPE_ACCESS_TOKEN = "at+jwt";
}
