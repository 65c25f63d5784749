package io.watchword.core.token;

/** Why a token is not acceptable, before revocation and scopes (which are the caller's policy). */
public enum TokenFailure {
    /** Not a compact JWS, undecodable parts, an unsupported header, or a required claim missing. */
    MALFORMED,
    /** The algorithm is not EdDSA or the signature does not verify. */
    BAD_SIGNATURE,
    /** The token names a signing key the issuer does not publish. */
    UNKNOWN_KEY,
    EXPIRED,
    NOT_YET_VALID,
    WRONG_ISSUER,
    WRONG_AUDIENCE
}
