package io.watchword.client.verify;

import io.watchword.core.scope.GrantedScopes;
import java.util.function.Function;

/**
 * Verifies an EdDSA/Ed25519 JWS and returns its claims: the client's entry to {@link
 * io.watchword.core.token.JwsTokenDecoder}, where the implementation lives (only {@code alg=EdDSA},
 * {@code crit} refused). Time, issuer, audience and revocation are the caller's policy.
 */
public final class JwsTokenDecoder {

    static final int MAX_TOKEN_LENGTH = io.watchword.core.token.JwsTokenDecoder.MAX_TOKEN_LENGTH;

    private JwsTokenDecoder() {}

    static String keyId(String token) throws TokenRejectedException {
        try {
            return io.watchword.core.token.JwsTokenDecoder.keyId(token);
        } catch (io.watchword.core.token.TokenRejectedException e) {
            throw new TokenRejectedException(TokenRejectedException.refusalOf(e.failure()), e.getMessage());
        }
    }

    /**
     * Checks structure and signature, then parses the claims.
     *
     * @param keys the issuer's key for a {@code kid}, or null when it does not publish one
     */
    public static TokenClaims verify(String token, Function<String, SigningKey> keys) throws TokenRejectedException {
        return of(verifyCore(token, kid -> {
            SigningKey key = keys.apply(kid);
            return key == null ? null : key.core();
        }));
    }

    static io.watchword.core.token.TokenClaims verifyCore(
            String token, Function<String, io.watchword.core.token.SigningKey> keys) throws TokenRejectedException {
        try {
            return io.watchword.core.token.JwsTokenDecoder.verify(token, keys);
        } catch (io.watchword.core.token.TokenRejectedException e) {
            throw new TokenRejectedException(TokenRejectedException.refusalOf(e.failure()), e.getMessage());
        }
    }

    static TokenClaims of(io.watchword.core.token.TokenClaims claims) {
        return new TokenClaims(
                claims.issuer(),
                claims.subject(),
                claims.tenant(),
                GrantedScopes.parse(claims.scope()),
                claims.audience(),
                claims.issuedAt(),
                claims.notBefore(),
                claims.expiresAt(),
                claims.tokenId());
    }
}
