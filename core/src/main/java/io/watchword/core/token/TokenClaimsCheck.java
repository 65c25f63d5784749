package io.watchword.core.token;

/**
 * The claims checks every verifier of Watchword tokens makes, split in two because a verifier
 * caches what never changes for a token ({@link #identity}) and re-checks time on every use
 * ({@link #time}).
 */
public final class TokenClaimsCheck {

    private TokenClaimsCheck() {}

    /**
     * Issuer, audience (null accepts any) and the ids every Watchword token carries.
     *
     * @return null when acceptable
     */
    public static TokenFailure identity(TokenClaims claims, String expectedIssuer, String audience) {
        if (expectedIssuer != null && !expectedIssuer.equals(claims.issuer())) {
            return TokenFailure.WRONG_ISSUER;
        }
        if (audience != null && !audience.equals(claims.audience())) {
            return TokenFailure.WRONG_AUDIENCE;
        }
        if (claims.subject() == null || claims.tokenId() == null) {
            return TokenFailure.MALFORMED;
        }
        return null;
    }

    /**
     * {@code exp} and {@code nbf} against {@code nowSeconds} with a tolerance for clock skew.
     *
     * @return null when acceptable
     */
    public static TokenFailure time(TokenClaims claims, long nowSeconds, long skewSeconds) {
        return time(claims.expiresAt(), claims.notBefore(), nowSeconds, skewSeconds);
    }

    /** As {@link #time(TokenClaims, long, long)} for a verifier that keeps the claims in its own form. */
    public static TokenFailure time(long expiresAt, long notBefore, long nowSeconds, long skewSeconds) {
        if (nowSeconds >= expiresAt + skewSeconds) {
            return TokenFailure.EXPIRED;
        }
        if (notBefore != Long.MIN_VALUE && nowSeconds + skewSeconds < notBefore) {
            return TokenFailure.NOT_YET_VALID;
        }
        return null;
    }
}
